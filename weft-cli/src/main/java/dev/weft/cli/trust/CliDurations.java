package dev.weft.cli.trust;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses durations on the command line: plain seconds as SPIRE takes them ({@code 3600}),
 * unit forms ({@code 1h}, {@code 30m}, {@code 1h30m}, {@code 90s}) or ISO-8601 ({@code PT1H}),
 * from 0 to {@link #MAX} (the longest TTL the trust server takes for entries and tokens). Any
 * other value is a usage error naming it and what is allowed.
 */
public final class CliDurations implements CommandLine.ITypeConverter<Duration> {
  /** The longest duration accepted: 30 days. */
  static final Duration MAX = Duration.ofDays(30);

  private static final Pattern UNITS = Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");
  private static final String EXPECTED = "a duration from 0 to 30 days: seconds such as 3600, or 1h, 30m,"
      + " 1h30m, 90s or PT1H";

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim();
    Duration parsed = null;
    if (v.matches("\\d{1,12}")) {
      parsed = Duration.ofSeconds(Long.parseLong(v));
    } else {
      Matcher m = UNITS.matcher(v);
      if (!v.isEmpty() && m.matches()) {
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long s = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        parsed = Duration.ofHours(h).plusMinutes(min).plusSeconds(s);
      } else if (v.startsWith("P") || v.startsWith("p")) {
        try {
          parsed = Duration.parse(v);
        } catch (DateTimeParseException | ArithmeticException e) {
          parsed = null;
        }
      }
    }
    if (parsed == null || parsed.isNegative() || parsed.compareTo(MAX) > 0) {
      throw new CommandLine.TypeConversionException("\"" + value + "\" (expected: " + EXPECTED + ")");
    }
    return parsed;
  }
}
