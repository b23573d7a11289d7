package dev.weft.cli.trust;

import dev.weft.config.Durations;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Parses the trust commands' duration flags ({@code --ttl}, {@code --jwt-ttl}): weft-config's one
 * duration grammar ({@code 1h}, {@code 30m}, {@code 1h30m}, {@code 90s}, {@code PT1H}, ...) or, as
 * SPIRE's flags take them, plain seconds ({@code 3600}); from 0 to {@link #MAX} (the longest TTL
 * the trust server takes for entries and tokens). Any other value is a usage error naming it and
 * what is allowed.
 */
public final class CliDurations implements CommandLine.ITypeConverter<Duration> {
  /** The longest duration accepted: 30 days. */
  static final Duration MAX = Duration.ofDays(30);

  private static final String EXPECTED =
      "seconds such as 3600, or " + Durations.EXPECTED + ", from 0 to " + Durations.describe(MAX);

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.strip();
    Optional<Duration> parsed =
        v.matches("\\d{1,12}")
            ? Optional.of(Duration.ofSeconds(Long.parseLong(v)))
            : Durations.parse(v);
    if (parsed.isEmpty() || parsed.get().isNegative() || parsed.get().compareTo(MAX) > 0) {
      throw new CommandLine.TypeConversionException(
          "\"" + value + "\" (expected: " + EXPECTED + ")");
    }
    return parsed.get();
  }
}
