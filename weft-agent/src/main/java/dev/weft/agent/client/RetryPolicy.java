package dev.weft.agent.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How idempotent calls are retried after a retryable failure ({@link
 * dev.weft.agent.ErrorCode#retryable()}), always within the call's deadline.
 *
 * <p>The wait before retry {@code n} (1-based) is drawn uniformly from {@code [0, min(maxBackoff,
 * initialBackoff * 2^(n-1))]} ("full jitter"). Retries also draw from a budget per target, a token
 * bucket as in gRPC's retry throttling: it starts full with {@code budgetCapacity} tokens, every
 * call adds {@code budgetRatio} tokens (up to the capacity) and every retry takes one, so that over
 * time retries stay under {@code budgetRatio} of the calls.
 *
 * @param maxAttempts attempts in all, the first included; 1 disables retries (default 3)
 * @param initialBackoff the cap of the first wait (default 100 ms)
 * @param maxBackoff the largest cap of a wait (default 2 s)
 * @param budgetRatio tokens a call adds to the retry budget: 0.2 allows retries for 20 % of the
 *     calls (default 0.2)
 * @param budgetCapacity the budget's size, the burst of retries it allows (default 10)
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double budgetRatio,
    int budgetCapacity) {

  /** The defaults: 3 attempts, backoff 100 ms to 2 s, a budget of 20 % of calls, burst 10. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2), 0.2, 10);

  /** Validates the policy. */
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff: " + initialBackoff + " (expected: > 0)");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff: " + maxBackoff + " (expected: >= initialBackoff " + initialBackoff + ")");
    }
    if (!(budgetRatio >= 0 && budgetRatio <= 1)) {
      throw new IllegalArgumentException(
          "budgetRatio: " + budgetRatio + " (expected: between 0 and 1)");
    }
    if (budgetCapacity < 1) {
      throw new IllegalArgumentException("budgetCapacity: " + budgetCapacity + " (expected: >= 1)");
    }
  }

  /** No retries: a single attempt. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, DEFAULT.initialBackoff, DEFAULT.maxBackoff, 0, 1);
  }

  /** The cap of the wait before retry {@code retry} (1-based). */
  Duration backoffCap(int retry) {
    int shift = Math.min(retry - 1, 30);
    long millis = initialBackoff.toMillis();
    long capped =
        millis > (maxBackoff.toMillis() >> shift) ? maxBackoff.toMillis() : millis << shift;
    return Duration.ofMillis(Math.min(capped, maxBackoff.toMillis()));
  }
}
