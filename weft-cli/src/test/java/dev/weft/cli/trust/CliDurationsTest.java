package dev.weft.cli.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code --ttl} of the trust commands: SPIRE's plain seconds, or the one duration grammar, 0 to 30
 * days.
 */
class CliDurationsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "3600, PT1H",
    "0, PT0S",
    "600, PT10M",
    "1h, PT1H",
    "30m, PT30M",
    "1h30m, PT1H30M",
    "90s, PT1M30S",
    "500ms, PT0.5S",
    "PT1H, PT1H",
    "pt1h, PT1H",
    "P30D, PT720H",
    "720h, PT720H",
    "2592000, PT720H"
  })
  void takesSecondsOrTheOneDurationGrammar(String value, String iso) {
    assertThat(CliDurations.parse(value)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "soon",
        "31d",
        "-5",
        "721h",
        "2592001",
        "PT-1H",
        "1.5h",
        "99999999999",
        "99999999999999999999999",
        "PT999999999999H"
      })
  void refusesOtherValuesAndItsBounds(String value) {
    assertThatThrownBy(() -> CliDurations.parse(value))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessage(
            "\""
                + value
                + "\" (expected: seconds such as 3600, or a duration such as 24h,"
                + " 30m, 90s, 1h30m, 500ms or PT1H, from 0 to 30 days)");
  }
}
