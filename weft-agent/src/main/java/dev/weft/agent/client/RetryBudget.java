package dev.weft.agent.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The retry token bucket of one target (see {@link RetryPolicy}). Thread-safe: {@code tokens} is
 * behind {@code lock}.
 */
final class RetryBudget {

  private final double ratio;
  private final double capacity;
  private final ReentrantLock lock = new ReentrantLock();

  @GuardedBy("lock")
  private double tokens;

  RetryBudget(RetryPolicy policy) {
    this.ratio = policy.budgetRatio();
    this.capacity = policy.budgetCapacity();
    this.tokens = capacity;
  }

  /** A call starts: it adds its share of tokens. */
  void onCall() {
    lock.lock();
    try {
      tokens = Math.min(capacity, tokens + ratio);
    } finally {
      lock.unlock();
    }
  }

  /** Takes a token for a retry; false when the budget is spent. */
  boolean tryRetry() {
    lock.lock();
    try {
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    } finally {
      lock.unlock();
    }
  }
}
