package dev.weft.policy.rego;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as Go writes and reads them ({@code time.Duration}), as OPA's flags and messages use
 * them: {@code 0s}, {@code 417ns}, {@code 1.417µs}, {@code 2.5ms}, {@code 1m3.2s}, {@code 1h0m0s}.
 */
public final class GoDuration {

  /** The longest duration Go can hold: 2^63-1 nanoseconds, about 292 years. */
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /**
   * Parses a duration as Go's {@code time.ParseDuration} does: a sequence of decimal numbers, each
   * with a unit ({@code ns}, {@code us} or {@code µs}, {@code ms}, {@code s}, {@code m}, {@code
   * h}), e.g. {@code 500ms}, {@code 1.5s}, {@code 1h30m}; a sign may lead; {@code 0} alone needs no
   * unit.
   *
   * @throws IllegalArgumentException if the text is not such a duration or is longer than Go can
   *     hold (about 292 years)
   */
  public static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\"");
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty()
          || number.equals(".")
          || number.indexOf('.') != number.lastIndexOf('.')) {
        throw new IllegalArgumentException("invalid duration \"" + text + "\"");
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
      }
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos(unit, text))));
      if (total.compareTo(MAX_NANOS) > 0) {
        throw new IllegalArgumentException("invalid duration \"" + text + "\"");
      }
    }
    long nanos = total.longValue();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  private static long unitNanos(String unit, String text) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default ->
          throw new IllegalArgumentException(
              "unknown unit \"" + unit + "\" in duration \"" + text + "\"");
    };
  }

  /** The duration as Go's {@code time.Duration.String} writes it. */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (nanos < 0) {
      out.append('-');
      nanos = -nanos;
    }
    if (nanos < 1_000) {
      return out.append(nanos).append("ns").toString();
    }
    if (nanos < 1_000_000) {
      return out.append(fraction(nanos, 1_000, 3)).append("µs").toString();
    }
    if (nanos < 1_000_000_000) {
      return out.append(fraction(nanos, 1_000_000, 6)).append("ms").toString();
    }
    long hours = nanos / 3_600_000_000_000L;
    long rest = nanos % 3_600_000_000_000L;
    long minutes = rest / 60_000_000_000L;
    rest %= 60_000_000_000L;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(fraction(rest, 1_000_000_000, 9)).append('s').toString();
  }

  /** {@code value / unit} with up to {@code digits} decimals, trailing zeros dropped. */
  private static String fraction(long value, long unit, int digits) {
    long whole = value / unit;
    long part = value % unit;
    if (part == 0) {
      return Long.toString(whole);
    }
    String decimals = String.format("%0" + digits + "d", part).replaceAll("0+$", "");
    return whole + "." + decimals;
  }
}
