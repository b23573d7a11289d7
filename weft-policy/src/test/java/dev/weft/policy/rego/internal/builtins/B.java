package dev.weft.policy.rego.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.io.UncheckedIOException;

/** Helpers for calling built-ins in tests. */
final class B {

  /** 2017-06-02T19:00:00Z. */
  static final long NOW = 1_496_430_000_000_000_000L;

  private B() {}

  static Value call(BuiltinContext ctx, String name, Value... args) throws BuiltinException {
    Builtin b = Builtins.lookup(name);
    assertThat(b).as("built-in %s", name).isNotNull();
    assertThat(b.arity()).as("arity of %s", name).isEqualTo(args.length);
    return b.call(ctx, args);
  }

  static Value call(String name, Value... args) throws BuiltinException {
    return call(new TestContext(NOW), name, args);
  }

  /** Calls {@code name} on JSON operands. */
  static Value eval(String name, String... jsonArgs) throws BuiltinException {
    Value[] args = new Value[jsonArgs.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = json(jsonArgs[i]);
    }
    return call(name, args);
  }

  /** The result of {@code name} on JSON operands, as compact JSON-ish Rego text. */
  static String text(String name, String... jsonArgs) throws BuiltinException {
    Value v = eval(name, jsonArgs);
    return v == null ? "undefined" : v.toString();
  }

  /** The message of the exception {@code name} throws on JSON operands; checks its kind. */
  static String error(boolean typeError, String name, Value... args) {
    BuiltinException[] caught = new BuiltinException[1];
    assertThatThrownBy(() -> call(name, args))
        .isInstanceOfSatisfying(BuiltinException.class, e -> caught[0] = e);
    assertThat(caught[0].isTypeError()).as("type error").isEqualTo(typeError);
    return caught[0].getMessage();
  }

  static String typeError(String name, String... jsonArgs) {
    return error(true, name, jsons(jsonArgs));
  }

  static String failure(String name, String... jsonArgs) {
    return error(false, name, jsons(jsonArgs));
  }

  static Value[] jsons(String... jsonArgs) {
    Value[] args = new Value[jsonArgs.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = json(jsonArgs[i]);
    }
    return args;
  }

  /** Splits {@code "a", [1, 2], {"k": 3}} into its top-level JSON arguments. */
  static String[] splitArgs(String args) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int depth = 0;
    boolean inString = false;
    int start = 0;
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(args.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(args.substring(start).strip());
    return out.toArray(new String[0]);
  }

  static Value json(String json) {
    try {
      return Json.parse(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StringValue s(String s) {
    return StringValue.of(s);
  }

  static NumberValue n(String literal) {
    return NumberValue.parse(literal);
  }

  static ArrayValue arr(Value... values) {
    return ArrayValue.of(values);
  }

  static SetValue set(Value... values) {
    return SetValue.of(values);
  }
}
