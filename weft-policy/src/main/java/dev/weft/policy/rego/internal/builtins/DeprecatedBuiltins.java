package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The built-ins OPA keeps for pre-1.0 policies and marks deprecated: {@code cast_array cast_set
 * cast_string cast_boolean cast_null cast_object set_diff}. (Also deprecated, and registered with
 * their families: {@code all any re_match net.cidr_overlap}.) OPA's compiler refuses calls to them
 * in Rego v1 modules; they run in v0 modules.
 */
final class DeprecatedBuiltins {

  /** The names OPA's capabilities mark {@code "deprecated": true}. */
  static final List<String> NAMES =
      List.of(
          "all",
          "any",
          "cast_array",
          "cast_boolean",
          "cast_null",
          "cast_object",
          "cast_set",
          "cast_string",
          "net.cidr_overlap",
          "re_match",
          "set_diff");

  private DeprecatedBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1(
            "cast_array",
            a ->
                switch (a) {
                  case ArrayValue x -> x;
                  case SetValue s -> ArrayValue.of(s.sorted());
                  default -> throw Operands.type(1, a, "array", "set");
                }),
        Fn.of1(
            "cast_set",
            a ->
                switch (a) {
                  case ArrayValue x -> SetValue.of(x.elements());
                  case SetValue s -> s;
                  default -> throw Operands.type(1, a, "array", "set");
                }),
        Fn.of1("cast_string", a -> expect(a, StringValue.class, "string")),
        Fn.of1("cast_boolean", a -> expect(a, BooleanValue.class, "boolean")),
        Fn.of1("cast_null", a -> expect(a, NullValue.class, "null")),
        Fn.of1("cast_object", a -> expect(a, ObjectValue.class, "object")),
        Fn.of2(
            "set_diff",
            (a, b) -> {
              SetValue s = Operands.set(a, 1);
              SetValue t = Operands.set(b, 2);
              LinkedHashSet<Value> out = new LinkedHashSet<>(s.elements());
              out.removeAll(t.elements());
              return SetValue.wrap(out);
            }));
  }

  private static Value expect(Value v, Class<? extends Value> type, String name)
      throws BuiltinException {
    if (type.isInstance(v)) {
      return v;
    }
    throw Operands.type(1, v, name);
  }
}
