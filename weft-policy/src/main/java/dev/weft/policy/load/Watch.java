package dev.weft.policy.load;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.policy.PolicyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reloading behind {@link PolicyWatcher}, for any compiled form {@code T}: polls the files,
 * loads and compiles when they changed, swaps the current value on success and keeps it on failure.
 *
 * <p>Threading: {@link #poll()} runs on the scheduler, {@link #reloadNow()} on its caller; both
 * take {@link #lock}, so loads, swaps and listener calls happen one at a time, in order. {@link
 * #current()} and {@link #lastError()} read volatile fields and never block.
 */
final class Watch<T> implements AutoCloseable {

  /** Turns a load into the compiled form. */
  @FunctionalInterface
  interface Compiler<T> {
    T compile(LoadedPolicy loaded) throws PolicyException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(PolicyWatcher.class);

  private final List<Path> paths;
  private final Compiler<T> compiler;
  private final Consumer<? super T> listener;
  private final Object lock = new Object();

  /** The fingerprint of the files as last looked at. */
  @GuardedBy("lock")
  private Map<String, String> seen;

  /** The content hash of {@link #current}. */
  @GuardedBy("lock")
  private String contentHash;

  /** The revision of {@link #current}. */
  @GuardedBy("lock")
  private String revision;

  private volatile T current;
  private volatile PolicyException lastError;
  private volatile ScheduledFuture<?> task;

  Watch(List<Path> paths, Compiler<T> compiler, Consumer<? super T> listener) {
    this.paths = List.copyOf(paths);
    this.compiler = compiler;
    this.listener = listener;
  }

  /**
   * The first load, which must succeed: there is nothing to fall back to.
   *
   * @throws PolicyException if the files cannot be loaded or compiled
   */
  T start() throws PolicyException {
    synchronized (lock) {
      seen = Fingerprints.of(paths);
      LoadedPolicy loaded = PolicyLoader.load(paths);
      T first;
      try {
        first = compiler.compile(loaded);
      } catch (RuntimeException e) {
        throw new PolicyException("policy compilation failed: " + e, e);
      }
      current = first;
      contentHash = loaded.contentHash();
      revision = loaded.revision();
      LOG.info("policy revision {} loaded ({} modules)", revision, loaded.modules().size());
      return first;
    }
  }

  /** Polls the files every {@code interval} on {@code scheduler}, after the first interval. */
  void schedule(ScheduledExecutorService scheduler, Duration interval) {
    long nanos = interval.toNanos();
    task = scheduler.scheduleWithFixedDelay(this::poll, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  T current() {
    return current;
  }

  Optional<PolicyException> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** Reloads if the fingerprint of the files changed; true when a new value was swapped in. */
  boolean poll() {
    try {
      synchronized (lock) {
        Map<String, String> now = Fingerprints.of(paths);
        if (now.equals(seen)) {
          return false;
        }
        seen = now;
        return reloadLocked();
      }
    } catch (RuntimeException e) {
      LOG.error("policy poll failed; keeping the current revision", e);
      return false;
    }
  }

  /**
   * Loads and compiles now, whatever the fingerprint says; true when a new value was swapped in.
   */
  boolean reloadNow() {
    synchronized (lock) {
      seen = Fingerprints.of(paths);
      return reloadLocked();
    }
  }

  @GuardedBy("lock")
  private boolean reloadLocked() {
    LoadedPolicy loaded;
    T next;
    try {
      loaded = PolicyLoader.load(paths);
      if (loaded.contentHash().equals(contentHash)) {
        lastError = null; // back to the content being served
        return false;
      }
      next = compiler.compile(loaded);
    } catch (PolicyException e) {
      lastError = e;
      LOG.warn("policy reload failed; keeping revision {}:\n{}", revision, e.getMessage());
      return false;
    } catch (RuntimeException e) {
      lastError = new PolicyException("policy reload failed: " + e, e);
      LOG.error("policy reload failed; keeping revision {}", revision, e);
      return false;
    }
    current = next;
    contentHash = loaded.contentHash();
    revision = loaded.revision();
    lastError = null;
    LOG.info("policy revision {} loaded ({} modules)", revision, loaded.modules().size());
    try {
      listener.accept(next);
    } catch (RuntimeException e) {
      LOG.warn("policy reload listener failed for revision {}", revision, e);
    }
    return true;
  }

  /** Stops polling; a poll under way finishes. */
  @Override
  public void close() {
    ScheduledFuture<?> t = task;
    if (t != null) {
      t.cancel(false);
    }
  }
}
