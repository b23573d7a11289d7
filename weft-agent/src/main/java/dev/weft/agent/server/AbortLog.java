package dev.weft.agent.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports connections that were refused, timed out or broke off: one DEBUG line each (no stack
 * trace), and at most one WARN line a minute that counts them, so that a flood of bad connections
 * cannot flood the log. Thread-safe.
 */
final class AbortLog {

  private static final Logger LOG = LoggerFactory.getLogger(AbortLog.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final AtomicLong since = new AtomicLong();
  private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  /** A connection from {@code peer} ended early, for {@code why} (one line, no secrets). */
  void aborted(String peer, String why) {
    LOG.debug("connection from {} closed: {}", peer, why);
    long count = since.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarn.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
      since.addAndGet(-count);
      LOG.warn(
          "{} connection(s) closed early since the last such warning; the latest from {}: {}"
              + " (one DEBUG line each from logger {})",
          count,
          peer,
          why,
          LOG.getName());
    }
  }
}
