package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as Go prints them. */
class GoDurationTest {

  private static String f(long nanos) {
    return GoDuration.format(Duration.ofNanos(nanos));
  }

  @Test
  void formatsEachRangeLikeGo() {
    assertThat(f(0)).isEqualTo("0s");
    assertThat(f(320)).isEqualTo("320ns");
    assertThat(f(1_000)).isEqualTo("1µs");
    assertThat(f(1_417)).isEqualTo("1.417µs");
    assertThat(f(2_500_000)).isEqualTo("2.5ms");
    assertThat(f(1_234_567)).isEqualTo("1.234567ms");
    assertThat(f(1_000_000_000)).isEqualTo("1s");
    assertThat(f(1_500_000_001)).isEqualTo("1.500000001s");
    assertThat(f(63_200_000_000L)).isEqualTo("1m3.2s");
    assertThat(f(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(f(-1_500)).isEqualTo("-1.5µs");
  }

  @Test
  void parsesWhatGoParses() {
    assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDuration.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("3us")).isEqualTo(Duration.ofNanos(3_000));
    assertThat(GoDuration.parse("3\u00b5s")).isEqualTo(Duration.ofNanos(3_000));
    assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDuration.parse("-1s")).isEqualTo(Duration.ofSeconds(-1));
    assertThat(GoDuration.parse("2562047h")).isEqualTo(Duration.ofHours(2562047));
  }

  @Test
  void refusesWhatGoRefuses() {
    assertThatThrownBy(() -> GoDuration.parse("99999999999"))
        .hasMessage("missing unit in duration \"99999999999\"");
    assertThatThrownBy(() -> GoDuration.parse("2562048h"))
        .hasMessage("invalid duration \"2562048h\"");
    assertThatThrownBy(() -> GoDuration.parse("5d"))
        .hasMessage("unknown unit \"d\" in duration \"5d\"");
    assertThatThrownBy(() -> GoDuration.parse("junk")).hasMessage("invalid duration \"junk\"");
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("invalid duration \"\"");
    assertThatThrownBy(() -> GoDuration.parse("1..5s")).hasMessage("invalid duration \"1..5s\"");
  }
}
