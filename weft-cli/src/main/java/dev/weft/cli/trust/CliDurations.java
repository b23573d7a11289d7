package dev.weft.cli.trust;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses durations on the command line: plain seconds as SPIRE takes them ({@code 3600}),
 * unit forms ({@code 1h}, {@code 30m}, {@code 1h30m}, {@code 90s}) or ISO-8601 ({@code PT1H}).
 */
public final class CliDurations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern UNITS = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim();
    if (v.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    Matcher m = UNITS.matcher(v);
    if (!v.isEmpty() && m.matches()) {
      long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
      long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
      long s = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
      return Duration.ofHours(h).plusMinutes(min).plusSeconds(s);
    }
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "\"" + value + "\" (expected: seconds, or a duration such as 1h, 30m, 90s or PT1H)");
    }
  }
}
