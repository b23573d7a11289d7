package dev.weft.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RetryPolicy, BreakerPolicy, CallOptions and CallScope. */
class PoliciesTest {

  @Test
  void backoffCapsDoubleUpToTheMaximum() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(350), 0.2, 10);
    assertThat(p.backoffCap(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoffCap(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoffCap(3)).isEqualTo(Duration.ofMillis(350));
    assertThat(p.backoffCap(60)).isEqualTo(Duration.ofMillis(350));
  }

  @Test
  void badPoliciesAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), 0, 1))
        .hasMessage("maxAttempts: 0 (expected: >= 1)");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(1), 0, 1))
        .hasMessage("maxBackoff: PT0.001S (expected: >= initialBackoff PT0.005S)");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 1.5, 1))
        .hasMessage("budgetRatio: 1.5 (expected: between 0 and 1)");
    assertThatThrownBy(() -> new BreakerPolicy(0, Duration.ofSeconds(1)))
        .hasMessage("failureThreshold: 0 (expected: >= 1)");
    assertThatThrownBy(() -> new BreakerPolicy(1, Duration.ZERO))
        .hasMessage("openDuration: PT0S (expected: > 0)");
    assertThatThrownBy(() -> CallOptions.defaults().timeout(Duration.ofSeconds(-1)))
        .hasMessage("timeout: PT-1S (expected: > 0)");
  }

  @Test
  void callOptionsAreImmutable() {
    CallOptions o = CallOptions.defaults().timeout(Duration.ofSeconds(3));
    CallOptions idempotent = o.idempotent(true);
    assertThat(o.idempotent()).isEmpty();
    assertThat(idempotent.idempotent()).contains(true);
    assertThat(idempotent.timeout()).contains(Duration.ofSeconds(3));
    assertThat(CallOptions.defaults().timeout()).isEmpty();
  }

  @Test
  void theScopeIsBoundOnlyInsideTheBody() throws Exception {
    Instant deadline = Instant.parse("2030-01-01T00:00:00Z");
    assertThat(CallScope.current()).isEmpty();
    String inside =
        CallScope.call(
            deadline,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            () -> CallScope.current().orElseThrow().toString());
    assertThat(inside)
        .isEqualTo(
            "CallScope[deadline=2030-01-01T00:00:00Z, "
                + "traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01]");
    CallScope.run(
        deadline,
        null,
        () -> assertThat(CallScope.current()).contains(new CallScope(deadline, null)));
    assertThat(CallScope.current()).isEmpty();
  }
}
