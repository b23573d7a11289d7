package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.util.List;

/** {@code count sum product max min sort all any}, as OPA's {@code aggregates.go}. */
final class AggregateBuiltins {

  private AggregateBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1("count", AggregateBuiltins::count),
        Fn.of1("sum", a -> accumulate(a, false)),
        Fn.of1("product", a -> accumulate(a, true)),
        Fn.of1("max", a -> extreme(a, true)),
        Fn.of1("min", a -> extreme(a, false)),
        Fn.of1("sort", AggregateBuiltins::sort),
        Fn.of1("all", a -> quantify(a, true)),
        Fn.of1("any", a -> quantify(a, false)));
  }

  private static Value count(Value a) throws BuiltinException {
    return switch (a) {
      case ArrayValue x -> NumberValue.of(x.size());
      case ObjectValue x -> NumberValue.of(x.size());
      case SetValue x -> NumberValue.of(x.size());
      case StringValue x -> NumberValue.of(x.value().codePointCount(0, x.value().length()));
      default -> throw Operands.type(1, a, "array", "object", "set", "string");
    };
  }

  private static Value accumulate(Value a, boolean product) throws BuiltinException {
    if (!(a instanceof ArrayValue) && !(a instanceof SetValue)) {
      throw Operands.type(1, a, "set", "array");
    }
    List<Value> elements = Operands.elements(a);
    BigInteger exact = product ? BigInteger.ONE : BigInteger.ZERO;
    boolean integers = true;
    for (Value e : elements) {
      BigInteger i = e instanceof NumberValue n ? Nums.exactInteger(n) : null;
      if (i == null) {
        integers = false;
        break;
      }
      exact = product ? exact.multiply(i) : exact.add(i);
    }
    if (integers) {
      return Nums.of(exact);
    }
    // OPA sums into a fresh big.Float (64-bit mantissa) but multiplies into big.NewFloat(1),
    // whose mantissa stays at 53 bits.
    GoFloat acc = product ? GoFloat.ofDouble(1) : GoFloat.ofInteger(BigInteger.ZERO);
    for (Value e : elements) {
      if (!(e instanceof NumberValue n)) {
        throw Operands.element(1, a, e, "number");
      }
      acc = product ? acc.mul(GoFloat.of(n), acc.prec) : acc.add(GoFloat.of(n));
    }
    return acc.toNumber();
  }

  private static Value extreme(Value a, boolean max) throws BuiltinException {
    if (!(a instanceof ArrayValue) && !(a instanceof SetValue)) {
      throw Operands.type(1, a, "set", "array");
    }
    // The extreme does not depend on the order, so a set need not be sorted here.
    List<Value> elements =
        a instanceof SetValue s ? List.copyOf(s.elements()) : Operands.elements(a);
    if (elements.isEmpty()) {
      return null;
    }
    Value best = elements.get(0);
    for (Value e : elements) {
      int c = best.compareTo(e);
      if (max ? c <= 0 : c >= 0) {
        best = e;
      }
    }
    return best;
  }

  private static Value sort(Value a) throws BuiltinException {
    if (!(a instanceof ArrayValue) && !(a instanceof SetValue)) {
      throw Operands.type(1, a, "set", "array");
    }
    Value[] sorted = Operands.elements(a).toArray(new Value[0]);
    java.util.Arrays.sort(sorted);
    return ArrayValue.wrap(sorted);
  }

  private static Value quantify(Value a, boolean all) throws BuiltinException {
    if (!(a instanceof ArrayValue) && !(a instanceof SetValue)) {
      throw Operands.type(1, a, "array", "set");
    }
    for (Value e : Operands.elements(a)) {
      boolean isTrue = e.equals(BooleanValue.TRUE);
      if (all && !isTrue) {
        return BooleanValue.FALSE;
      }
      if (!all && isTrue) {
        return BooleanValue.TRUE;
      }
    }
    return BooleanValue.of(all);
  }
}
