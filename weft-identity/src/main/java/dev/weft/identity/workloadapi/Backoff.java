package dev.weft.identity.workloadapi;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, for reconnecting to the agent: the {@code n}th retry in a row
 * (from 0) waits {@code min(max, initial * multiplier^n)}, shortened by a random fraction of up to
 * {@code jitter} so that many workloads on one node do not reconnect in lock step. Never longer
 * than {@code max}.
 *
 * @param initial the first delay; must be > 0
 * @param max the longest delay; must be >= {@code initial}
 * @param multiplier growth per retry; must be >= 1
 * @param jitter the largest fraction taken off a delay at random, in [0, 1)
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
  /** 100 ms, doubling, up to 10 s, with 20% jitter. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.2);

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial: " + initial + " (expected: > 0)");
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier: " + multiplier + " (expected: >= 1)");
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter: " + jitter + " (expected: >= 0 and < 1)");
    }
  }

  /** The delay before retry number {@code attempt} (0 for the first retry after a success). */
  public Duration delay(int attempt, RandomGenerator random) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 0)");
    }
    double nanos = initial.toNanos() * Math.pow(multiplier, attempt);
    double capped = Math.min(nanos, max.toNanos());
    double jittered = capped * (1.0 - jitter * random.nextDouble());
    return Duration.ofNanos(Math.max(1L, (long) jittered));
  }
}
