package dev.weft.identity.source;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * An {@link IdentitySource} whose owner sets the snapshot: for a process that is its own CA (the
 * trust server) or gets its SVIDs by other means than the Workload API, and for tests. The snapshot
 * is swapped atomically; {@link #current()} is a volatile read. Thread-safe.
 *
 * <p>(A source computed on demand needs no class: {@code IdentitySource source = supplier::get}.)
 */
public final class SwappableIdentitySource implements IdentitySource {
  private final AtomicReference<IdentitySnapshot> snapshot;

  private SwappableIdentitySource(IdentitySnapshot initial) {
    this.snapshot = new AtomicReference<>(initial);
  }

  /** A source holding {@code initial}. */
  public static SwappableIdentitySource of(IdentitySnapshot initial) {
    return new SwappableIdentitySource(Objects.requireNonNull(initial, "initial"));
  }

  /** A source with no identity yet: {@link #current()} throws until {@link #set} is called. */
  public static SwappableIdentitySource empty() {
    return new SwappableIdentitySource(null);
  }

  /**
   * The current snapshot.
   *
   * @throws IllegalStateException if none has been set
   */
  @Override
  public IdentitySnapshot current() {
    IdentitySnapshot current = snapshot.get();
    if (current == null) {
      throw new IllegalStateException("identity source: no identity set yet");
    }
    return current;
  }

  /** Replaces the snapshot; returns the previous one, or {@code null} if there was none. */
  public IdentitySnapshot set(IdentitySnapshot next) {
    return snapshot.getAndSet(Objects.requireNonNull(next, "next"));
  }

  /**
   * Replaces the snapshot with {@code update} applied to the current one, atomically (retried if
   * another thread swapped in between, so {@code update} must be free of side effects).
   *
   * @throws IllegalStateException if none has been set
   */
  public IdentitySnapshot update(UnaryOperator<IdentitySnapshot> update) {
    Objects.requireNonNull(update, "update");
    return snapshot.updateAndGet(
        current -> {
          if (current == null) {
            throw new IllegalStateException("identity source: no identity set yet");
          }
          return Objects.requireNonNull(update.apply(current), "update result");
        });
  }
}
