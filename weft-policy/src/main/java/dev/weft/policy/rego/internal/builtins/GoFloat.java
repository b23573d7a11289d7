package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.NumberValue;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Go's {@code big.Float} as OPA uses it for non-integer arithmetic: a binary mantissa of {@code
 * prec} bits (64 when parsed from a number), rounded to nearest even after every operation, and
 * printed in the shortest decimal form that reads back to the same value ({@code Text('g', -1)}).
 * The value is {@code (neg ? -1 : 1) * mant * 2^exp}.
 */
final class GoFloat {

  static final int PREC = 64;
  private static final BigInteger FIVE = BigInteger.valueOf(5);

  final boolean neg;
  final BigInteger mant;
  final int exp;
  final int prec;

  private GoFloat(boolean neg, BigInteger mant, int exp, int prec) {
    this.neg = neg;
    this.mant = mant;
    this.exp = exp;
    this.prec = prec;
  }

  /** OPA's {@code NumberToFloat}: {@code SetString} at 64-bit precision. */
  static GoFloat of(NumberValue n) throws BuiltinException {
    return of(n.decimalValue(), n.toString().startsWith("-"));
  }

  static GoFloat of(BigDecimal d, boolean negative) throws BuiltinException {
    Nums.checked(d);
    BigInteger u = d.unscaledValue().abs();
    boolean neg = d.signum() < 0 || (d.signum() == 0 && negative);
    if (u.signum() == 0) {
      return new GoFloat(neg, BigInteger.ZERO, 0, PREC);
    }
    int scale = d.scale();
    if (scale <= 0) {
      return round(neg, u.multiply(BigInteger.TEN.pow(-scale)), false, 0, PREC);
    }
    BigInteger den = BigInteger.TEN.pow(scale);
    int k = Math.max(0, PREC + 2 + den.bitLength() - u.bitLength());
    BigInteger[] qr = u.shiftLeft(k).divideAndRemainder(den);
    return round(neg, qr[0], qr[1].signum() != 0, -k, PREC);
  }

  /** {@code SetInt}: exact, precision max(64, bit length). */
  static GoFloat ofInteger(BigInteger i) {
    return new GoFloat(i.signum() < 0, i.abs(), 0, Math.max(PREC, i.abs().bitLength()));
  }

  private static GoFloat round(boolean neg, BigInteger m, boolean sticky, int exp, int prec) {
    if (m.signum() == 0) {
      return new GoFloat(neg, BigInteger.ZERO, 0, prec);
    }
    if (sticky && m.bitLength() < prec + 2) {
      int grow = prec + 2 - m.bitLength();
      m = m.shiftLeft(grow);
      exp -= grow;
    }
    int shift = m.bitLength() - prec;
    if (shift <= 0) {
      return new GoFloat(neg, m, exp, prec);
    }
    BigInteger kept = m.shiftRight(shift);
    boolean half = m.testBit(shift - 1);
    boolean rest = sticky || m.getLowestSetBit() < shift - 1;
    if (half && (rest || kept.testBit(0))) {
      kept = kept.add(BigInteger.ONE);
      if (kept.bitLength() > prec) {
        kept = kept.shiftRight(1);
        shift++;
      }
    }
    return new GoFloat(neg, kept, exp + shift, prec);
  }

  boolean isZero() {
    return mant.signum() == 0;
  }

  private BigInteger signed() {
    return neg ? mant.negate() : mant;
  }

  GoFloat add(GoFloat o) {
    int p = Math.max(prec, o.prec);
    if (isZero() && o.isZero()) {
      return new GoFloat(neg && o.neg, BigInteger.ZERO, 0, p);
    }
    int e = Math.min(exp, o.exp);
    BigInteger sum = signed().shiftLeft(exp - e).add(o.signed().shiftLeft(o.exp - e));
    return round(sum.signum() < 0, sum.abs(), false, e, p);
  }

  GoFloat negate() {
    return new GoFloat(!neg, mant, exp, prec);
  }

  GoFloat sub(GoFloat o) {
    return add(o.negate());
  }

  GoFloat mul(GoFloat o) {
    return mul(o, Math.max(prec, o.prec));
  }

  /** {@code z.Mul(x, y)} into a {@code z} of precision {@code p}. */
  GoFloat mul(GoFloat o, int p) {
    return round(neg ^ o.neg, mant.multiply(o.mant), false, exp + o.exp, p);
  }

  /** {@code big.NewFloat(d)}: the exact double, precision 53. */
  static GoFloat ofDouble(double d) {
    try {
      GoFloat f = of(new BigDecimal(d), false);
      return new GoFloat(f.neg, f.mant, f.exp, 53);
    } catch (BuiltinException e) {
      throw new IllegalStateException("a double is always within range", e);
    }
  }

  /** {@code this / o}; the caller checks for a zero divisor. */
  GoFloat quo(GoFloat o) {
    int p = Math.max(prec, o.prec);
    if (isZero()) {
      return new GoFloat(neg ^ o.neg, BigInteger.ZERO, 0, p);
    }
    int k = Math.max(0, p + 2 + o.mant.bitLength() - mant.bitLength());
    BigInteger[] qr = mant.shiftLeft(k).divideAndRemainder(o.mant);
    return round(neg ^ o.neg, qr[0], qr[1].signum() != 0, exp - o.exp - k, p);
  }

  GoFloat abs() {
    return new GoFloat(false, mant, exp, prec);
  }

  boolean isInt() {
    return exp >= 0 || isZero() || mant.getLowestSetBit() >= -exp;
  }

  /** {@code Int(nil)}: truncated toward zero. */
  BigInteger truncate() {
    BigInteger i = exp >= 0 ? mant.shiftLeft(exp) : mant.shiftRight(-exp);
    return neg ? i.negate() : i;
  }

  int compareTo(GoFloat o) {
    return toBigDecimal().compareTo(o.toBigDecimal());
  }

  BigDecimal toBigDecimal() {
    BigDecimal d =
        exp >= 0
            ? new BigDecimal(mant.shiftLeft(exp))
            : new BigDecimal(mant.multiply(FIVE.pow(-exp)), -exp);
    return neg ? d.negate() : d;
  }

  /** OPA's {@code FloatToNumber}: {@code 'f'} for integers, else {@code 'g'}, shortest. */
  NumberValue toNumber() {
    return Nums.fromText(text(isInt() ? 'f' : 'g'));
  }

  /** {@code Text(fmt, -1)} for {@code fmt} 'f' or 'g'. */
  String text(char fmt) {
    StringBuilder out = new StringBuilder();
    if (neg) {
      out.append('-');
    }
    Decimal d = isZero() ? new Decimal("", 0) : Decimal.of(mant, exp);
    if (!isZero()) {
      d = d.roundShortest(mant, exp, prec);
    }
    if (fmt == 'f') {
      return d.appendF(out, Math.max(d.digits.length() - d.exp, 0)).toString();
    }
    int p = d.digits.length();
    int x = d.exp - 1;
    if (x < -4 || x >= 6) {
      return d.appendE(out, p - 1).toString();
    }
    if (p > d.exp) {
      p = d.digits.length();
    }
    return d.appendF(out, Math.max(p - d.exp, 0)).toString();
  }

  /** A decimal {@code 0.digits * 10^exp}, digits without trailing zeros (Go's big.decimal). */
  record Decimal(String digits, int exp) {

    static Decimal of(BigInteger mant, int binExp) {
      BigDecimal exact =
          binExp >= 0
              ? new BigDecimal(mant.shiftLeft(binExp))
              : new BigDecimal(mant.multiply(FIVE.pow(-binExp)), -binExp);
      String s = exact.unscaledValue().toString();
      int e = s.length() - exact.scale();
      int end = s.length();
      while (end > 0 && s.charAt(end - 1) == '0') {
        end--;
      }
      return new Decimal(s.substring(0, end), e);
    }

    char at(int i) {
      return i >= 0 && i < digits.length() ? digits.charAt(i) : '0';
    }

    /** Go's {@code roundShortest}. */
    Decimal roundShortest(BigInteger mant, int binExp, int prec) {
      int s = mant.bitLength() - (prec + 1);
      BigInteger m = s < 0 ? mant.shiftLeft(-s) : mant.shiftRight(s);
      int e = binExp + s;
      Decimal lower = of(m.subtract(BigInteger.ONE), e);
      Decimal upper = of(m.add(BigInteger.ONE), e);
      boolean inclusive = !m.testBit(1);
      for (int i = 0; i < digits.length(); i++) {
        char l = lower.at(i);
        char u = upper.at(i);
        char c = digits.charAt(i);
        boolean okDown = l != c || inclusive && i + 1 == lower.digits.length();
        boolean okUp = c != u && (inclusive || c + 1 < u || i + 1 < upper.digits.length());
        if (okDown && okUp) {
          return round(i + 1);
        } else if (okDown) {
          return roundDown(i + 1);
        } else if (okUp) {
          return roundUp(i + 1);
        }
      }
      return this;
    }

    Decimal round(int n) {
      if (n < 0 || n >= digits.length()) {
        return this;
      }
      boolean up;
      if (digits.charAt(n) == '5' && n + 1 == digits.length()) {
        up = n > 0 && ((digits.charAt(n - 1) - '0') & 1) != 0;
      } else {
        up = digits.charAt(n) >= '5';
      }
      return up ? roundUp(n) : roundDown(n);
    }

    Decimal roundDown(int n) {
      if (n < 0 || n >= digits.length()) {
        return this;
      }
      int end = n;
      while (end > 0 && digits.charAt(end - 1) == '0') {
        end--;
      }
      return new Decimal(digits.substring(0, end), end == 0 ? 0 : exp);
    }

    Decimal roundUp(int n) {
      if (n < 0 || n >= digits.length()) {
        return this;
      }
      while (n > 0 && digits.charAt(n - 1) >= '9') {
        n--;
      }
      if (n == 0) {
        return new Decimal("1", exp + 1);
      }
      return new Decimal(digits.substring(0, n - 1) + (char) (digits.charAt(n - 1) + 1), exp);
    }

    StringBuilder appendE(StringBuilder out, int p) {
      out.append(digits.isEmpty() ? '0' : digits.charAt(0));
      if (p > 0) {
        out.append('.');
        int m = Math.min(digits.length(), p + 1);
        int i = 1;
        if (i < m) {
          out.append(digits, i, m);
          i = m;
        }
        for (; i <= p; i++) {
          out.append('0');
        }
      }
      out.append('e');
      long x = digits.isEmpty() ? 0 : exp - 1L;
      out.append(x < 0 ? '-' : '+');
      x = Math.abs(x);
      if (x < 10) {
        out.append('0');
      }
      return out.append(x);
    }

    StringBuilder appendF(StringBuilder out, int p) {
      if (exp > 0) {
        int m = Math.min(digits.length(), exp);
        out.append(digits, 0, m);
        for (; m < exp; m++) {
          out.append('0');
        }
      } else {
        out.append('0');
      }
      if (p > 0) {
        out.append('.');
        for (int i = 0; i < p; i++) {
          out.append(at(exp + i));
        }
      }
      return out;
    }
  }
}
