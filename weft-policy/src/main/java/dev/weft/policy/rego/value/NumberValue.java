package dev.weft.policy.rego.value;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A Rego number: arbitrary precision, like OPA's {@code json.Number}.
 *
 * <p>Integers that fit a {@code long} are held as a {@code long} (the common case in policies);
 * everything else as a {@link BigDecimal}. Equality and hashing are by numeric value, so {@code 1}
 * and {@code 1.0} are the same value. The literal text of a number is kept when it was parsed from
 * source or JSON, so that output repeats what the author wrote.
 */
public final class NumberValue implements Value {

  private static final NumberValue[] SMALL = new NumberValue[256];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = new NumberValue(i - 128, null, null);
    }
  }

  /** Zero. */
  public static final NumberValue ZERO = of(0);

  /** One. */
  public static final NumberValue ONE = of(1);

  private final long small;
  private final BigDecimal big; // null when the value is an integer held in small
  private final String text; // the literal as written, or null

  private NumberValue(long small, BigDecimal big, String text) {
    this.small = small;
    this.big = big;
    this.text = text;
  }

  /** The number {@code n}. */
  public static NumberValue of(long n) {
    if (n >= -128 && n < 128) {
      return SMALL[(int) n + 128];
    }
    return new NumberValue(n, null, null);
  }

  /** The number {@code n}; integral values that fit a long take the fast representation. */
  public static NumberValue of(BigDecimal n) {
    return of(n, null);
  }

  /** The number {@code n}. */
  public static NumberValue of(BigInteger n) {
    if (n.bitLength() < 64) {
      return of(n.longValue());
    }
    return new NumberValue(0, new BigDecimal(n), null);
  }

  /** The number {@code d}; fails for NaN and infinities, which Rego cannot hold. */
  public static NumberValue of(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new ArithmeticException("number: " + d + " (expected: finite)");
    }
    if (d == Math.rint(d) && Math.abs(d) < 0x1p62) {
      return of((long) d);
    }
    return of(new BigDecimal(Double.toString(d)));
  }

  /**
   * Parses a JSON or Rego number literal, keeping its text for output.
   *
   * @throws NumberFormatException if the text is not a number
   */
  public static NumberValue parse(String literal) {
    BigDecimal n = new BigDecimal(literal);
    boolean plainInteger = literal.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9'));
    return of(n, plainInteger ? null : literal);
  }

  private static NumberValue of(BigDecimal n, String text) {
    if (n.signum() == 0) {
      return text == null ? ZERO : new NumberValue(0, null, text);
    }
    BigDecimal stripped = n.stripTrailingZeros();
    if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() < 19) {
      long l = stripped.longValueExact();
      return text == null ? of(l) : new NumberValue(l, null, text);
    }
    return new NumberValue(0, stripped, text);
  }

  /** Whether this number is an integer (whatever its size). */
  public boolean isInteger() {
    return big == null || big.scale() <= 0;
  }

  /** Whether this number is an integer that fits a long; then {@link #longValue()} is exact. */
  public boolean isLong() {
    return big == null;
  }

  /** The value as a long; exact only when {@link #isLong()}. */
  public long longValue() {
    return big == null ? small : big.longValue();
  }

  /**
   * The value as an int, or empty if it is not an integer in int range.
   *
   * @return the int value, or {@code null}
   */
  public Integer intValueExact() {
    if (big == null && small >= Integer.MIN_VALUE && small <= Integer.MAX_VALUE) {
      return (int) small;
    }
    return null;
  }

  /** The value as a double (may lose precision). */
  public double doubleValue() {
    return big == null ? small : big.doubleValue();
  }

  /** The exact value. */
  public BigDecimal decimalValue() {
    return big == null ? BigDecimal.valueOf(small) : big;
  }

  /** The sign: -1, 0 or 1. */
  public int signum() {
    return big == null ? Long.signum(small) : big.signum();
  }

  /** Numeric comparison. */
  public int compareNumber(NumberValue other) {
    if (big == null && other.big == null) {
      return Long.compare(small, other.small);
    }
    return decimalValue().compareTo(other.decimalValue());
  }

  @Override
  public String typeName() {
    return "number";
  }

  @Override
  public int typeRank() {
    return 2;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumberValue n && compareNumber(n) == 0;
  }

  @Override
  public int hashCode() {
    return big == null ? Long.hashCode(small) : big.hashCode();
  }

  /** The number as JSON would write it: the literal text if known, else the shortest form. */
  @Override
  public String toString() {
    if (text != null) {
      return text;
    }
    if (big == null) {
      return Long.toString(small);
    }
    return big.scale() <= 0 ? big.toBigInteger().toString() : big.toPlainString();
  }
}
