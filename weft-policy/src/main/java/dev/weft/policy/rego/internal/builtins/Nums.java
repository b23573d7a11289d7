package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.NumberValue;
import java.math.BigDecimal;
import java.math.BigInteger;

/** How OPA reads and writes numbers: literal text, exact integers, Go float text. */
final class Nums {

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Nums() {}

  /**
   * OPA's {@code Number.Int64()}: the literal text parses as a Go int64 ({@code "1.0"} and {@code
   * "1e2"} do not).
   *
   * @return the value, or null
   */
  static Long goInt(NumberValue n) {
    String text = n.toString();
    int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
    if (text.length() == start || text.length() - start > 19) {
      return null;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Decimal exponents beyond this are refused rather than expanded digit by digit. */
  static final int MAX_EXPONENT = 100_000;

  /**
   * Refuses a number whose decimal exponent is beyond {@link #MAX_EXPONENT} either way: exact
   * arithmetic on {@code 1e999999999} would take unbounded time and memory.
   */
  static BigDecimal checked(BigDecimal d) throws BuiltinException {
    long magnitude = (long) d.precision() - d.scale();
    if (d.signum() != 0 && Math.abs(magnitude) > MAX_EXPONENT) {
      throw BuiltinException.failure(
          "number out of range: about 1e"
              + magnitude
              + " (expected: between 1e-"
              + MAX_EXPONENT
              + " and 1e"
              + MAX_EXPONENT
              + ")");
    }
    return d;
  }

  /** The exact integer value, or null if the number has a fraction. */
  static BigInteger exactInteger(NumberValue n) throws BuiltinException {
    if (n.isLong()) {
      return BigInteger.valueOf(n.longValue());
    }
    BigDecimal d = checked(n.decimalValue()).stripTrailingZeros();
    return d.scale() <= 0 ? d.toBigIntegerExact() : null;
  }

  /** The number {@code i}. */
  static NumberValue of(BigInteger i) {
    return NumberValue.of(i);
  }

  /** Whether {@code i} fits a long. */
  static boolean fitsLong(BigInteger i) {
    return i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0;
  }

  /** A number from the text OPA would produce (a Go big.Float or strconv rendering). */
  static NumberValue fromText(String text) {
    return NumberValue.parse(text);
  }
}
