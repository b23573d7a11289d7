package dev.weft.trust.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "24h, PT24H",
    "30m, PT30M",
    "90s, PT1M30S",
    "1h30m, PT1H30M",
    "500ms, PT0.5S",
    "1h0m5s250ms, PT1H0M5.25S",
    "0, PT0S",
    "PT1H, PT1H",
    "P1D, PT24H",
    "PT-5M, PT-5M",
  })
  void parses(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "24", "1d", "1.5h", "-1h", "h", "5 m", "1H", "PT", "99999999999999999999h"})
  void rejects(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @Test
  void formatsAsConfigFilesWriteThem() {
    assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("24h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ofSeconds(3661).plusMillis(1))).isEqualTo("1h1m1s1ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofMinutes(-5))).isEqualTo("PT-5M");
    assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
  }
}
