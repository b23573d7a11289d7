package dev.weft.policy.load;

import dev.weft.policy.PolicyException;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.rego.RegoVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hot reload of policies and data: holds the current {@link PolicySnapshot}, polls the files for
 * changes, and swaps in a newly compiled snapshot when they load and compile. A reload that fails
 * keeps the previous snapshot (fail safe: decisions continue on the last good policy), logs each
 * error as {@code file:line:col: code: message} and exposes it through {@link #lastError()}.
 *
 * <pre>{@code
 * List<Path> paths = List.of(Path.of("/etc/weft/policy"));
 * try (PolicyWatcher policies = PolicyWatcher.builder(paths).start()) {
 *   // per decision: the snapshot in force
 *   Optional<Value> allow = policies.get().policy().evaluate("data.authz.allow", input);
 * }
 * }</pre>
 *
 * <p>Polling compares every file's modification time and size; when they changed, the files are
 * loaded and their content hash decides whether anything really did. Thread-safe: {@link
 * #current()} never blocks; reloads and listener calls happen one at a time.
 */
public final class PolicyWatcher implements Supplier<PolicySnapshot>, AutoCloseable {

  private final Watch<PolicySnapshot> watch;
  private final ScheduledExecutorService ownedScheduler;

  private PolicyWatcher(Watch<PolicySnapshot> watch, ScheduledExecutorService ownedScheduler) {
    this.watch = watch;
    this.ownedScheduler = ownedScheduler;
  }

  /** A builder watching {@code paths} (files, directories, bundle directories). */
  public static Builder builder(List<Path> paths) {
    return new Builder(paths);
  }

  /** The snapshot in force. */
  public PolicySnapshot current() {
    return watch.current();
  }

  /** The snapshot in force; the same as {@link #current()}. */
  @Override
  public PolicySnapshot get() {
    return watch.current();
  }

  /**
   * Loads and compiles the files now, whatever their modification times say, and swaps the result
   * in if its content differs from the snapshot in force.
   *
   * @return true if a new snapshot was swapped in; false if nothing changed or the reload failed
   *     (then {@link #lastError()} has the error)
   */
  public boolean reloadNow() {
    return watch.reloadNow();
  }

  /**
   * The error of the latest reload attempt; empty when it succeeded or found nothing changed since
   * the snapshot in force.
   */
  public Optional<PolicyException> lastError() {
    return watch.lastError();
  }

  /** Stops polling (and the poller thread if the watcher created it). */
  @Override
  public void close() {
    watch.close();
    if (ownedScheduler != null) {
      ownedScheduler.shutdown();
    }
  }

  /** Configures a {@link PolicyWatcher}. */
  public static final class Builder {
    private final List<Path> paths;
    private RegoVersion version = RegoVersion.V1;
    private Duration interval = Duration.ofSeconds(5);
    private ScheduledExecutorService scheduler;
    private Consumer<? super PolicySnapshot> onReload = snapshot -> {};

    private Builder(List<Path> paths) {
      this.paths = List.copyOf(paths);
      if (this.paths.isEmpty()) {
        throw new IllegalArgumentException("paths: [] (expected: at least one file or directory)");
      }
    }

    /** The syntax modules are parsed with; default {@link RegoVersion#V1}. */
    public Builder version(RegoVersion regoVersion) {
      this.version = Objects.requireNonNull(regoVersion, "version");
      return this;
    }

    /** How often the files are polled; default 5 seconds. */
    public Builder interval(Duration pollInterval) {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("interval: " + pollInterval + " (expected: > 0)");
      }
      this.interval = pollInterval;
      return this;
    }

    /**
     * The scheduler polls run on; default a single daemon thread the watcher owns and stops on
     * {@link #close()}. A given scheduler is not shut down by the watcher.
     */
    public Builder scheduler(ScheduledExecutorService pollScheduler) {
      this.scheduler = Objects.requireNonNull(pollScheduler, "scheduler");
      return this;
    }

    /**
     * Called with each snapshot swapped in after the first, on the thread that reloaded (the
     * scheduler's, or the caller of {@link #reloadNow()}), one call at a time, in swap order. It
     * should return quickly; an exception it throws is logged and ignored.
     */
    public Builder onReload(Consumer<? super PolicySnapshot> listener) {
      this.onReload = Objects.requireNonNull(listener, "onReload");
      return this;
    }

    /**
     * Loads and compiles the files and starts polling.
     *
     * @throws PolicyException if the first load or compilation fails
     */
    public PolicyWatcher start() throws PolicyException {
      RegoVersion v = version;
      Watch<PolicySnapshot> watch = new Watch<>(paths, loaded -> loaded.compile(v), onReload);
      watch.start();
      ScheduledExecutorService owned = null;
      ScheduledExecutorService use = scheduler;
      if (use == null) {
        owned =
            Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("weft-policy-watcher").unstarted(r));
        use = owned;
      }
      watch.schedule(use, interval);
      return new PolicyWatcher(watch, owned);
    }
  }
}
