package dev.weft.agent.client;

import java.time.Duration;

/**
 * Waits between retries. Tests inject one that records the waits (and moves a test clock) instead
 * of sleeping. Called on the calling thread.
 */
@FunctionalInterface
public interface Sleeper {

  /** Waits {@code duration}; may return early only by throwing {@link InterruptedException}. */
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep(Duration)}. */
  static Sleeper system() {
    return Thread::sleep;
  }
}
