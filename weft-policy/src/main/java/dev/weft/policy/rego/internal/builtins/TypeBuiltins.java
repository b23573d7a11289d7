package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/** {@code is_number is_string is_boolean is_array is_set is_object is_null type_name}. */
final class TypeBuiltins {

  private TypeBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1("is_number", a -> BooleanValue.of(a instanceof NumberValue)),
        Fn.of1("is_string", a -> BooleanValue.of(a instanceof StringValue)),
        Fn.of1("is_boolean", a -> BooleanValue.of(a instanceof BooleanValue)),
        Fn.of1("is_array", a -> BooleanValue.of(a instanceof ArrayValue)),
        Fn.of1("is_set", a -> BooleanValue.of(a instanceof SetValue)),
        Fn.of1("is_object", a -> BooleanValue.of(a instanceof ObjectValue)),
        Fn.of1("is_null", a -> BooleanValue.of(a instanceof NullValue)),
        Fn.of1("type_name", (Value a) -> StringValue.of(a.typeName())));
  }
}
