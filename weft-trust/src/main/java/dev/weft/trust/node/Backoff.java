package dev.weft.trust.node;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter between {@code min} and {@code max}. Not thread-safe. */
final class Backoff {
  private final Duration min;
  private final Duration max;
  private Duration current;

  Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max;
    this.current = min;
  }

  /** The next delay: random in [current/2, current], then current doubles up to max. */
  Duration next() {
    long ceiling = current.toMillis();
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    Duration doubled = current.multipliedBy(2);
    current = doubled.compareTo(max) > 0 ? max : doubled;
    return Duration.ofMillis(delay);
  }

  void reset() {
    current = min;
  }
}
