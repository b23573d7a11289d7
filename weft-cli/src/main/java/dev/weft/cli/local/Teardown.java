package dev.weft.cli.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Stops the local mesh exactly once, whoever asks first: the shutdown hook (Ctrl-C, {@code weft
 * down}), a failed start, or the watch loop after a child died. Later callers learn that a teardown
 * is already under way and wait for nothing; the watch loop waits for it to finish.
 */
final class Teardown {
  private final IntSupplier stopAll;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile int stopped;

  /**
   * @param stopAll stops every process and returns how many were still running
   */
  Teardown(IntSupplier stopAll) {
    this.stopAll = stopAll;
  }

  /** Runs the teardown if no one has; returns whether this call ran it. */
  boolean run() {
    if (!started.compareAndSet(false, true)) {
      return false;
    }
    try {
      stopped = stopAll.getAsInt();
    } finally {
      done.countDown();
    }
    return true;
  }

  /** Whether a teardown has started: what fails from now on was stopped, not broken. */
  boolean started() {
    return started.get();
  }

  /** How many processes the teardown stopped. */
  int stopped() {
    return stopped;
  }

  /** Waits up to {@code timeout} for the teardown to finish; true once it has. */
  boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
