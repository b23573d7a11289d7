package dev.weft.trust.internal.net;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what one listener refused (connections it closed or requests it answered early because of
 * a limit) and logs it: one line per refusal at debug level, and a warning at most once a minute
 * that says how many were refused since the last warning and the latest reason. No stack traces: a
 * refusal is the listener doing its job. Thread-safe.
 */
public final class RefusalLog {
  private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String listener;
  private final LongSupplier nanoTime;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong sinceWarning = new AtomicLong();
  private final AtomicLong lastWarning;

  /**
   * @param listener what the lines name, e.g. {@code "node API"}
   * @param nanoTime a monotonic time source in nanoseconds ({@code System::nanoTime}; tests move
   *     their own)
   */
  public RefusalLog(String listener, LongSupplier nanoTime) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.lastWarning = new AtomicLong(nanoTime.getAsLong() - WARN_EVERY_NANOS);
  }

  /** A log on the system's monotonic clock. */
  public RefusalLog(String listener) {
    this(listener, System::nanoTime);
  }

  /**
   * Counts one refusal of {@code peer}'s connection or request and logs it.
   *
   * @param why what limit was hit, naming its configuration key
   */
  public void refused(SocketAddress peer, String why) {
    refused.incrementAndGet();
    log.debug("{}: connection from {} closed: {}", listener, peer, why);
    long since = sinceWarning.incrementAndGet();
    long now = nanoTime.getAsLong();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      sinceWarning.addAndGet(-since);
      log.warn(
          "{}: {} connection(s) or request(s) refused since the last warning (latest: {}); at most one"
              + " warning a minute, each refusal at debug level",
          listener,
          since,
          why);
    }
  }

  /** Refusals since this log was made. */
  public long count() {
    return refused.get();
  }
}
