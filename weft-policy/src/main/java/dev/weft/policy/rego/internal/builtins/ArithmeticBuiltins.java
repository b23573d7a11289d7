package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code plus minus mul div rem abs round ceil floor numbers.range to_number}, as OPA's arithmetic:
 * integers in the int32 window as machine ints, then exact big integers, then Go's 64-bit-mantissa
 * {@code big.Float} (so {@code 1 / 3} is {@code 0.3333333333333333333}).
 */
final class ArithmeticBuiltins {

  private static final BigDecimal HALF = new BigDecimal("0.5");

  private ArithmeticBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("plus", (a, b) -> binary(Op.PLUS, a, b)),
        Fn.of2("minus", ArithmeticBuiltins::minus),
        Fn.of2("mul", (a, b) -> binary(Op.MUL, a, b)),
        Fn.of2("div", (a, b) -> binary(Op.DIV, a, b)),
        Fn.of2("rem", (a, b) -> binary(Op.REM, a, b)),
        Fn.of1("abs", a -> unary("abs", a)),
        Fn.of1("round", a -> unary("round", a)),
        Fn.of1("ceil", a -> unary("ceil", a)),
        Fn.of1("floor", a -> unary("floor", a)),
        Fn.of2("numbers.range", (a, b) -> range(a, b, null)),
        Fn.of3("numbers.range_step", ArithmeticBuiltins::range),
        Fn.of1("to_number", ArithmeticBuiltins::toNumber));
  }

  private enum Op {
    PLUS,
    MINUS,
    MUL,
    DIV,
    REM
  }

  /** An int in the int32 window, as OPA's fast path takes it; null otherwise. */
  private static Long small(NumberValue n) {
    Long l = Nums.goInt(n);
    return l != null && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? l : null;
  }

  private static Value binary(Op op, Value a, Value b) throws BuiltinException {
    return eval(op, Operands.number(a, 1), Operands.number(b, 2));
  }

  private static NumberValue eval(Op op, NumberValue a, NumberValue b) throws BuiltinException {
    Long x = small(a);
    Long y = small(b);
    if (x != null && y != null) {
      switch (op) {
        case PLUS -> {
          return NumberValue.of(x + y);
        }
        case MINUS -> {
          return NumberValue.of(x - y);
        }
        case MUL -> {
          return NumberValue.of(x * y);
        }
        case DIV -> {
          if (y == 0) {
            throw BuiltinException.failure("divide by zero");
          }
          if (x != 0 && x % y == 0) {
            return NumberValue.of(x / y);
          }
        }
        case REM -> {
          if (y == 0) {
            throw BuiltinException.failure("modulo by zero");
          }
          return NumberValue.of(x % y);
        }
      }
    }
    if (op != Op.DIV) {
      BigInteger i = Nums.exactInteger(a);
      BigInteger j = Nums.exactInteger(b);
      if (i != null && j != null) {
        return switch (op) {
          case PLUS -> Nums.of(i.add(j));
          case MINUS -> Nums.of(i.subtract(j));
          case MUL -> Nums.of(i.multiply(j));
          default -> {
            if (j.signum() == 0) {
              throw BuiltinException.failure("modulo by zero");
            }
            yield Nums.of(i.remainder(j));
          }
        };
      }
    }
    GoFloat f = GoFloat.of(a);
    GoFloat g = GoFloat.of(b);
    return switch (op) {
      case PLUS -> f.add(g).toNumber();
      case MINUS -> f.sub(g).toNumber();
      case MUL -> f.mul(g).toNumber();
      case DIV -> {
        if (g.isZero()) {
          throw BuiltinException.failure("divide by zero");
        }
        yield f.quo(g).toNumber();
      }
      case REM -> throw BuiltinException.failure("modulo on floating-point number");
    };
  }

  private static Value minus(Value a, Value b) throws BuiltinException {
    if (a instanceof NumberValue x && b instanceof NumberValue y) {
      return eval(Op.MINUS, x, y);
    }
    if (a instanceof SetValue s && b instanceof SetValue t) {
      LinkedHashSet<Value> diff = new LinkedHashSet<>();
      for (Value v : s.elements()) {
        if (!t.contains(v)) {
          diff.add(v);
        }
      }
      return SetValue.wrap(diff);
    }
    if (!(a instanceof NumberValue) && !(a instanceof SetValue)) {
      throw Operands.type(1, a, "number", "set");
    }
    throw Operands.type(2, b, a instanceof SetValue ? "set" : "number");
  }

  private static Value unary(String op, Value a) throws BuiltinException {
    NumberValue n = Operands.number(a, 1);
    Long x = small(n);
    if (x != null) {
      return op.equals("abs") ? NumberValue.of(Math.abs(x)) : n;
    }
    BigInteger i = Nums.exactInteger(n);
    if (i != null) {
      return op.equals("abs") ? Nums.of(i.abs()) : Nums.of(i);
    }
    GoFloat f = GoFloat.of(n);
    return switch (op) {
      case "abs" -> f.abs().toNumber();
      case "round" -> {
        GoFloat half = GoFloat.of(HALF, false);
        yield Nums.of((f.neg ? f.sub(half) : f.add(half)).truncate());
      }
      case "ceil" -> {
        // OPA: a truncated value that is not negative is moved up by one, so ceil(-0.5) is 1.
        BigInteger t = f.truncate();
        yield Nums.of(t.signum() < 0 || f.isInt() ? t : t.add(BigInteger.ONE));
      }
      default -> {
        // OPA: only a negative truncated value is moved down by one, so floor(-0.5) is 0.
        BigInteger t = f.truncate();
        yield Nums.of(t.signum() >= 0 || f.isInt() ? t : t.subtract(BigInteger.ONE));
      }
    };
  }

  /** {@code numbers.range} (step null) and {@code numbers.range_step}: both ends included. */
  private static Value range(Value a, Value b, Value c) throws BuiltinException {
    BigInteger x = Operands.bigInteger(a, 1);
    BigInteger y = Operands.bigInteger(b, 2);
    BigInteger step = c == null ? BigInteger.ONE : Operands.bigInteger(c, 3);
    if (step.signum() <= 0) {
      throw BuiltinException.failure("numbers.range_step: step must be a positive integer");
    }
    boolean up = x.compareTo(y) <= 0;
    BigInteger d = up ? step : step.negate();
    List<Value> out = new ArrayList<>();
    for (BigInteger i = x; up ? i.compareTo(y) <= 0 : i.compareTo(y) >= 0; i = i.add(d)) {
      out.add(Nums.of(i));
    }
    return ArrayValue.of(out);
  }

  private static Value toNumber(Value a) throws BuiltinException {
    return switch (a) {
      case NullValue n -> NumberValue.ZERO;
      case BooleanValue b -> b.value() ? NumberValue.ONE : NumberValue.ZERO;
      case NumberValue n -> n;
      case StringValue s -> GoNumbers.parseFloatLiteral(s.value());
      default -> throw Operands.type(1, a, "null", "boolean", "number", "string");
    };
  }
}
