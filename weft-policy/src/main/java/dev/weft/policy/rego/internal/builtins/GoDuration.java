package dev.weft.policy.rego.internal.builtins;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** Go's {@code time.ParseDuration}, for {@code time.parse_duration_ns}. */
final class GoDuration {

  private static final Map<String, Long> UNITS =
      Map.of(
          "ns",
          1L,
          "us",
          1_000L,
          "\u00b5s",
          1_000L,
          "\u03bcs",
          1_000L,
          "ms",
          1_000_000L,
          "s",
          1_000_000_000L,
          "m",
          60_000_000_000L,
          "h",
          3_600_000_000_000L);

  private GoDuration() {}

  static long parse(String orig) throws BuiltinException {
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(orig);
    }
    BigDecimal total = BigDecimal.ZERO;
    while (!s.isEmpty()) {
      int i = 0;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80)) {
        i++;
      }
      String whole = s.substring(0, i);
      String frac = "";
      if (i < s.length() && s.charAt(i) == '.') {
        int j = ++i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        frac = s.substring(j, i);
      }
      if (whole.isEmpty() && frac.isEmpty()) {
        throw invalid(orig);
      }
      int u = i;
      while (u < s.length() && s.charAt(u) != '.' && !(s.charAt(u) >= '0' && s.charAt(u) <= '9')) {
        u++;
      }
      if (u == i) {
        throw BuiltinException.failure("time: missing unit in duration " + GoQuote.timeQuote(orig));
      }
      String unit = s.substring(i, u);
      Long scale = UNITS.get(unit);
      if (scale == null) {
        throw BuiltinException.failure(
            "time: unknown unit "
                + GoQuote.timeQuote(unit)
                + " in duration "
                + GoQuote.timeQuote(orig));
      }
      BigDecimal n =
          new BigDecimal((whole.isEmpty() ? "0" : whole) + (frac.isEmpty() ? "" : "." + frac));
      BigDecimal part = n.multiply(BigDecimal.valueOf(scale));
      BigInteger wholeNanos =
          new BigDecimal(whole.isEmpty() ? "0" : whole)
              .multiply(BigDecimal.valueOf(scale))
              .toBigInteger();
      if (wholeNanos.bitLength() > 63) {
        throw invalid(orig);
      }
      total =
          total
              .add(new BigDecimal(wholeNanos))
              .add(
                  part.subtract(new BigDecimal(wholeNanos))
                      .setScale(0, java.math.RoundingMode.DOWN));
      if (total.toBigInteger().bitLength() > 63) {
        throw invalid(orig);
      }
      s = s.substring(u);
    }
    long v = total.longValueExact();
    return neg ? -v : v;
  }

  private static BuiltinException invalid(String orig) {
    return BuiltinException.failure("time: invalid duration " + GoQuote.timeQuote(orig));
  }
}
