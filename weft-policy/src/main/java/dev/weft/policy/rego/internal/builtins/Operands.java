package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Operand checks with OPA's error messages (OPA's {@code topdown/builtins} helpers). */
final class Operands {

  private Operands() {}

  /** {@code operand 2 must be string but got number}, or {@code must be one of {a, b} ...}. */
  static BuiltinException type(int pos, Value got, String... expected) {
    String want =
        expected.length == 1 ? expected[0] : "one of {" + String.join(", ", expected) + "}";
    return BuiltinException.operand(pos, want, got.typeName());
  }

  /** {@code operand 1 must be array of strings but got array containing number}. */
  static BuiltinException element(int pos, Value composite, Value got, String... expected) {
    String tpe = composite.typeName();
    String want =
        expected.length == 1
            ? tpe + " of " + expected[0] + "s"
            : tpe + " of (any of) {" + String.join(", ", expected) + "}";
    return BuiltinException.operand(pos, want, tpe + " containing " + got.typeName());
  }

  /** {@code operand 2 must be one of {2, 8, 10, 16}}. */
  static BuiltinException enumeration(int pos, String... expected) {
    String want =
        expected.length == 1 ? expected[0] : "one of {" + String.join(", ", expected) + "}";
    return BuiltinException.typeError("operand " + pos + " must be " + want);
  }

  /** A free-form operand error: {@code operand 1 <message>}. */
  static BuiltinException operandError(int pos, String message) {
    return BuiltinException.typeError("operand " + pos + " " + message);
  }

  static String string(Value v, int pos) throws BuiltinException {
    if (v instanceof StringValue s) {
      return s.value();
    }
    throw type(pos, v, "string");
  }

  static NumberValue number(Value v, int pos) throws BuiltinException {
    if (v instanceof NumberValue n) {
      return n;
    }
    throw type(pos, v, "number");
  }

  static ArrayValue array(Value v, int pos) throws BuiltinException {
    if (v instanceof ArrayValue a) {
      return a;
    }
    throw type(pos, v, "array");
  }

  static ObjectValue object(Value v, int pos) throws BuiltinException {
    if (v instanceof ObjectValue o) {
      return o;
    }
    throw type(pos, v, "object");
  }

  static SetValue set(Value v, int pos) throws BuiltinException {
    if (v instanceof SetValue s) {
      return s;
    }
    throw type(pos, v, "set");
  }

  /** OPA's {@code IntOperand}: a number whose literal is a Go int. */
  static int integer(Value v, int pos) throws BuiltinException {
    Long l = Nums.goInt(number(v, pos));
    if (l == null || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      throw operandError(pos, "must be integer number but got floating-point number");
    }
    return l.intValue();
  }

  /** OPA's {@code BigIntOperand}: any integral number. */
  static BigInteger bigInteger(Value v, int pos) throws BuiltinException {
    if (!(v instanceof NumberValue n)) {
      throw type(pos, v, "integer");
    }
    BigInteger i = Nums.exactInteger(n);
    if (i == null) {
      throw operandError(pos, "must be integer number but got floating-point number");
    }
    return i;
  }

  /** The elements of an array, or of a set in OPA's order. */
  static List<Value> elements(Value v) {
    return switch (v) {
      case ArrayValue a -> a.elements();
      case SetValue s -> s.sorted();
      default -> List.of();
    };
  }

  /** OPA's {@code StringSliceOperand}: an array or set of strings. */
  static List<String> strings(Value v, int pos) throws BuiltinException {
    if (!(v instanceof ArrayValue) && !(v instanceof SetValue)) {
      throw type(pos, v, "array", "set");
    }
    List<String> out = new ArrayList<>();
    for (Value e : elements(v)) {
      if (!(e instanceof StringValue s)) {
        throw element(pos, v, e, "string");
      }
      out.add(s.value());
    }
    return out;
  }
}
