package dev.weft.identity.workloadapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SvidSourceConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    SvidSourceConfig config = SvidSourceConfig.defaults();

    assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.backoff())
        .isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.2));
    assertThat(config.watchJwtBundles()).isTrue();
    assertThat(config.clock()).isEqualTo(Clock.systemUTC());
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void badDurationsAreNamed() {
    assertThatThrownBy(() -> SvidSourceConfig.builder().startTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("startTimeout: PT0S (expected: > 0)");
    assertThatThrownBy(() -> SvidSourceConfig.builder().callTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callTimeout: PT-1S (expected: > 0)");
  }

  @Test
  void backoffGrowsAndIsCapped() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2, 0);
    Random random = new Random(1);

    assertThat(backoff.delay(0, random)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(1, random)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delay(5, random)).isEqualTo(Duration.ofMillis(3200));
    assertThat(backoff.delay(7, random)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.delay(64, random)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void jitterOnlyShortensDelays() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2, 0.5);
    Random random = new Random(7);

    for (int i = 0; i < 200; i++) {
      Duration delay = backoff.delay(10, random);
      assertThat(delay).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
    assertThat(backoff.delay(0, () -> 0L)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void badBackoffsAreNamed() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0))
        .hasMessage("initial: PT0S (expected: > 0)");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
        .hasMessage("max: PT1S (expected: >= initial PT2S)");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0))
        .hasMessage("multiplier: 0.5 (expected: >= 1)");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1))
        .hasMessage("jitter: 1.0 (expected: >= 0 and < 1)");
    assertThatThrownBy(() -> Backoff.DEFAULT.delay(-1, new Random()))
        .hasMessage("attempt: -1 (expected: >= 0)");
  }

  @Test
  void selectorsNeedAHint() {
    assertThatThrownBy(() -> SvidSelector.byHint(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hint: \"\" (expected: a non-empty hint)");
  }
}
