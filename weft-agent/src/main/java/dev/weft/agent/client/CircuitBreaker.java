package dev.weft.agent.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.agent.observability.CallObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The circuit breaker of one target (see {@link BreakerPolicy}). Thread-safe: all state is behind
 * {@code lock}. State changes are reported to the observer outside the lock.
 */
final class CircuitBreaker {

  enum State {
    CLOSED("closed"),
    OPEN("open"),
    HALF_OPEN("half_open");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  private final String target;
  private final BreakerPolicy policy;
  private final Clock clock;
  private final CallObserver observer;
  private final ReentrantLock lock = new ReentrantLock();

  @GuardedBy("lock")
  private State state = State.CLOSED;

  @GuardedBy("lock")
  private int failures;

  @GuardedBy("lock")
  private Instant openedAt = Instant.MIN;

  @GuardedBy("lock")
  private boolean probeInFlight;

  CircuitBreaker(String target, BreakerPolicy policy, Clock clock, CallObserver observer) {
    this.target = target;
    this.policy = policy;
    this.clock = clock;
    this.observer = observer;
    observer.breakerState(target, State.CLOSED.label); // the gauge exists from the start
  }

  /** Whether an attempt may go out now; in half-open state only one probe at a time. */
  boolean tryAcquire() {
    State changed = null;
    boolean allowed;
    lock.lock();
    try {
      if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(policy.openDuration()))) {
        state = State.HALF_OPEN;
        probeInFlight = false;
        changed = state;
      }
      allowed =
          switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> !probeInFlight;
          };
      if (allowed && state == State.HALF_OPEN) {
        probeInFlight = true;
      }
    } finally {
      lock.unlock();
    }
    report(changed);
    return allowed;
  }

  /** The target answered (a result or an error that is not its unavailability). */
  void onSuccess() {
    State changed = null;
    lock.lock();
    try {
      failures = 0;
      probeInFlight = false;
      if (state != State.CLOSED) {
        state = State.CLOSED;
        changed = state;
      }
    } finally {
      lock.unlock();
    }
    report(changed);
  }

  /** The target was unavailable or did not answer in time. */
  void onFailure() {
    State changed = null;
    lock.lock();
    try {
      failures++;
      probeInFlight = false;
      if (state == State.HALF_OPEN
          || (state == State.CLOSED && failures >= policy.failureThreshold())) {
        state = State.OPEN;
        openedAt = clock.instant();
        changed = state;
      }
    } finally {
      lock.unlock();
    }
    report(changed);
  }

  /** The attempt ended without telling anything about the target (e.g. interrupted). */
  void onAbandoned() {
    lock.lock();
    try {
      probeInFlight = false;
    } finally {
      lock.unlock();
    }
  }

  State state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  private void report(State changed) {
    if (changed != null) {
      observer.breakerState(target, changed.label);
    }
  }
}
