package dev.weft.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar: what the trust server's and the agent's readers each took. */
class DurationsTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "24h, PT24H",
    "30m, PT30M",
    "90s, PT1M30S",
    "1h30m, PT1H30M",
    "500ms, PT0.5S",
    "2s, PT2S",
    "1m30s, PT1M30S",
    "1h0m5s250ms, PT1H0M5.25S",
    "0, PT0S",
    "0s, PT0S",
    "PT1H, PT1H",
    "PT0.5S, PT0.5S",
    "P1D, PT24H",
    "pt1h, PT1H",
    "PT-5M, PT-5M",
    "-PT5M, PT-5M",
  })
  void parses(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        "abc",
        "24",
        "1d",
        "1.5h",
        "-1h",
        "h",
        "5 m",
        " 5m",
        "1H",
        "5 ms",
        "PT",
        "P",
        "99999999999999999999h",
        "999999999999999999h"
      })
  void rejects(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{1} formats as {0}")
  @CsvSource({
    "24h, PT24H",
    "1h30m, PT1H30M",
    "500ms, PT0.5S",
    "1h1m1s1ms, PT1H1M1.001S",
    "0s, PT0S",
    "PT-5M, PT-5M",
    "PT0.0000015S, PT0.0000015S",
  })
  void formatsAsFilesWriteThem(String written, String iso) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(written);
  }

  @Test
  void describesWholeDaysInDays() {
    assertThat(Durations.describe(Duration.ofDays(30))).isEqualTo("30 days");
    assertThat(Durations.describe(Duration.ofDays(1))).isEqualTo("1 day");
    assertThat(Durations.describe(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.describe(Duration.ofHours(36))).isEqualTo("36h");
  }

  @Test
  void theExpectedTextOfAPositiveDurationNamesItsBound() {
    assertThat(Durations.expectedPositive(null))
        .isEqualTo("a duration such as 24h, 30m, 90s, 1h30m, 500ms or PT1H, > 0");
    assertThat(Durations.expectedPositive(Duration.ofDays(100)))
        .isEqualTo(
            "a duration such as 24h, 30m, 90s, 1h30m, 500ms or PT1H, > 0 and at most"
                + " 100 days");
  }
}
