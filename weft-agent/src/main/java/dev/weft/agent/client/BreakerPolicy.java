package dev.weft.agent.client;

import java.time.Duration;
import java.util.Objects;

/**
 * The circuit breaker kept per target. After {@code failureThreshold} consecutive failures
 * (UNAVAILABLE or DEADLINE_EXCEEDED) the circuit opens: calls fail at once with UNAVAILABLE {@code
 * circuit open for <target>}. After {@code openDuration} one probe call goes through (half open):
 * its success closes the circuit, its failure opens it again for {@code openDuration}.
 *
 * @param failureThreshold consecutive failures that open the circuit (default 5)
 * @param openDuration how long the circuit stays open before a probe (default 30 s)
 */
public record BreakerPolicy(int failureThreshold, Duration openDuration) {

  /** The defaults: 5 failures, open for 30 s. */
  public static final BreakerPolicy DEFAULT = new BreakerPolicy(5, Duration.ofSeconds(30));

  /** Validates the policy. */
  public BreakerPolicy {
    Objects.requireNonNull(openDuration, "openDuration");
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "failureThreshold: " + failureThreshold + " (expected: >= 1)");
    }
    if (openDuration.isNegative() || openDuration.isZero()) {
      throw new IllegalArgumentException("openDuration: " + openDuration + " (expected: > 0)");
    }
  }
}
