package dev.weft.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration files write them: Go style ({@code 2s}, {@code 500ms}, {@code 1m30s},
 * {@code 1h}) or ISO-8601 ({@code PT2S}).
 */
final class Durations {
  private static final Pattern GO_STYLE = Pattern.compile("(?:[0-9]{1,9}(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|h|m|s)");

  private Durations() {}

  /** The duration {@code text} means, if it is one. */
  static Optional<Duration> parse(String text) {
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
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }
}
