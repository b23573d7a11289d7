package dev.weft.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Weft's one grammar (see the {@linkplain dev.weft.config package} description): Go
 * style parts ({@code 24h}, {@code 30m}, {@code 90s}, {@code 500ms}, {@code 1h30m}), a lone {@code
 * 0}, or ISO-8601 ({@code PT1H}, {@code P1D}). Configuration files and the command line's duration
 * flags both read them here; each caller applies its own bounds.
 */
public final class Durations {
  /** What a duration may be written as, for the {@code (expected: ...)} of messages. */
  public static final String EXPECTED = "a duration such as 24h, 30m, 90s, 1h30m, 500ms or PT1H";

  private static final Pattern GO_STYLE = Pattern.compile("(?:[0-9]{1,18}(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|h|m|s)");
  private static final Pattern ISO = Pattern.compile("[-+]?[Pp].*");

  private Durations() {}

  /** The duration {@code text} means, if it is one; negative only in the ISO-8601 form. */
  public static Optional<Duration> parse(String text) {
    if (text.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    try {
      if (ISO.matcher(text).matches()) {
        return Optional.of(Duration.parse(text));
      }
      if (!GO_STYLE.matcher(text).matches()) {
        return Optional.empty();
      }
      Duration total = Duration.ZERO;
      Matcher part = PART.matcher(text);
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
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

  /**
   * What a positive duration of at most {@code max} may be written as: {@link #EXPECTED} followed
   * by {@code , > 0} and, when {@code max} is not null, {@code and at most <max>}.
   */
  public static String expectedPositive(Duration max) {
    return EXPECTED + ", > 0" + (max == null ? "" : " and at most " + describe(max));
  }

  /**
   * {@code d} the way a configuration file would write it: {@code 1h30m}, {@code 500ms}, {@code
   * 0s}; ISO-8601 when negative or finer than a millisecond.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return d.toString();
    }
    if (d.isZero()) {
      return "0s";
    }
    if (d.toNanosPart() % 1_000_000 != 0) {
      return d.toString();
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
    return out.toString();
  }

  /** {@code d} for a reader: whole days as {@code 30 days}, anything else as {@link #format}. */
  public static String describe(Duration d) {
    long days = d.toDays();
    if (days > 0 && d.equals(Duration.ofDays(days))) {
      return days == 1 ? "1 day" : days + " days";
    }
    return format(d);
  }
}
