package dev.weft.trust.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration files write them: Go style ({@code 24h}, {@code 30m},
 * {@code 90s}, {@code 500ms}, {@code 1h30m}, or {@code 0}) or ISO-8601 ({@code PT1H}).
 */
final class Durations {
  static final String EXPECTED = "a duration such as 24h, 30m, 90s or PT1H";

  private static final Pattern GO_STYLE = Pattern.compile("(?:[0-9]+(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|h|m|s)");

  private Durations() {}

  /** The duration {@code text} means, if it is one. */
  static Optional<Duration> parse(String text) {
    if (text.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    try {
      if (text.startsWith("P") || text.startsWith("-P")) {
        return Optional.of(Duration.parse(text));
      }
      if (!GO_STYLE.matcher(text).matches()) {
        return Optional.empty();
      }
      Duration total = Duration.ZERO;
      Matcher part = PART.matcher(text);
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(switch (part.group(2)) {
          case "h" -> Duration.ofHours(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "s" -> Duration.ofSeconds(amount);
          default -> Duration.ofMillis(amount);
        });
      }
      return Optional.of(total);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code d} the way a configuration file would write it: {@code 1h30m}, {@code 500ms}, {@code 0s}. */
  static String format(Duration d) {
    if (d.isNegative()) {
      return d.toString();
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = d.toHours();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      out.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      out.append(d.toMillisPart()).append("ms");
    }
    if (d.toNanosPart() % 1_000_000 != 0) {
      return d.toString();
    }
    return out.toString();
  }
}
