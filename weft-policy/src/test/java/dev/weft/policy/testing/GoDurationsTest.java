package dev.weft.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as Go prints them. */
class GoDurationsTest {

  private static String f(long nanos) {
    return GoDurations.format(Duration.ofNanos(nanos));
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
}
