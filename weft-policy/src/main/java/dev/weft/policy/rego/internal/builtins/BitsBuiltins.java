package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * {@code bits.and bits.or bits.xor bits.negate bits.lsh bits.rsh} on integers of any size (Go's
 * {@code big.Int}, two's complement for negative numbers).
 */
final class BitsBuiltins {

  /** The largest shift {@code bits.lsh} performs: a result of more bits is refused. */
  static final int MAX_SHIFT = 1 << 20;

  private BitsBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        op("bits.and", BigInteger::and),
        op("bits.or", BigInteger::or),
        op("bits.xor", BigInteger::xor),
        Fn.of1("bits.negate", a -> NumberValue.of(Operands.bigInteger(a, 1).not())),
        Fn.of2("bits.lsh", (a, b) -> shift(a, b, true)),
        Fn.of2("bits.rsh", (a, b) -> shift(a, b, false)));
  }

  private static Fn op(String name, BinaryOperator<BigInteger> f) {
    return Fn.of2(
        name,
        (a, b) -> {
          BigInteger x = Operands.bigInteger(a, 1);
          BigInteger y = Operands.bigInteger(b, 2);
          return NumberValue.of(f.apply(x, y));
        });
  }

  private static Value shift(Value a, Value b, boolean left) throws BuiltinException {
    BigInteger x = Operands.bigInteger(a, 1);
    BigInteger n = Operands.bigInteger(b, 2);
    if (n.signum() < 0) {
      throw Operands.operandError(
          2, "must be an unsigned integer number but got a negative integer");
    }
    if (!left) {
      return NumberValue.of(
          n.bitLength() > 31
              ? (x.signum() < 0 ? BigInteger.ONE.negate() : BigInteger.ZERO)
              : x.shiftRight(n.intValue()));
    }
    if (x.signum() == 0) {
      return NumberValue.ZERO;
    }
    if (n.bitLength() > 31 || n.intValue() > MAX_SHIFT) {
      throw BuiltinException.failure(
          "shift: " + n + " (expected: at most " + MAX_SHIFT + " bits for a non-zero number)");
    }
    return NumberValue.of(x.shiftLeft(n.intValue()));
  }
}
