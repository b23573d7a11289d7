package dev.weft.policy.testing;

import java.time.Duration;

/**
 * Durations as Go's {@code time.Duration.String} writes them: {@code 0s}, {@code 417ns}, {@code
 * 1.417µs}, {@code 2.5ms}, {@code 1m3.2s}, {@code 1h0m0s}.
 */
final class GoDurations {

  private GoDurations() {}

  static String format(Duration duration) {
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
