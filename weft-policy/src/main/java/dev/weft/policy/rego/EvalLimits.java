package dev.weft.policy.rego;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Bounds on one evaluation: a deadline and a budget of evaluation steps. An evaluation that reaches
 * either stops with an {@code eval_cancel_error} ({@link RegoError#EVAL_CANCEL}) whose message says
 * which bound it reached, e.g. {@code policy evaluation exceeded its deadline of 250ms}; a decision
 * then denies with that reason.
 *
 * <p>A step is one expression of a body, or one element visited while iterating a collection. The
 * step count is compared on every step; the ticker is read once every {@value #CHECK_EVERY} steps,
 * so a deadline is noticed within that many steps of passing (a single long built-in call is not
 * interrupted).
 *
 * @param timeout how long an evaluation may run; {@link Duration#ZERO} for no deadline
 * @param maxSteps how many steps an evaluation may take; 0 for no budget
 * @param ticker the nanosecond ticker the deadline is measured with (e.g. {@link System#nanoTime})
 */
public record EvalLimits(Duration timeout, long maxSteps, LongSupplier ticker) {

  /** How many steps pass between two readings of the ticker. */
  public static final int CHECK_EVERY = 1024;

  /** The longest timeout: 100 days (so that a deadline in nanoseconds never overflows). */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(100);

  /** No deadline and no step budget. */
  public static final EvalLimits NONE = new EvalLimits(Duration.ZERO, 0, System::nanoTime);

  /**
   * The in-process authorizer's default: a deadline of 250 ms and a budget of 1,000,000 steps (a
   * decision of the seed policies takes under a hundred steps).
   */
  public static final EvalLimits DECISION =
      new EvalLimits(Duration.ofMillis(250), 1_000_000, System::nanoTime);

  /** Validates the limits. */
  public EvalLimits {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(ticker, "ticker");
    if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "timeout: "
              + GoDuration.format(timeout)
              + " (expected: 0 for none, or up to "
              + MAX_TIMEOUT.toDays()
              + " days)");
    }
    if (maxSteps < 0) {
      throw new IllegalArgumentException(
          "max steps: " + maxSteps + " (expected: 0 for none, or a positive number)");
    }
  }

  /** These limits with another timeout ({@link Duration#ZERO} for none). */
  public EvalLimits withTimeout(Duration newTimeout) {
    return new EvalLimits(newTimeout, maxSteps, ticker);
  }

  /** These limits with another step budget (0 for none). */
  public EvalLimits withMaxSteps(long newMaxSteps) {
    return new EvalLimits(timeout, newMaxSteps, ticker);
  }

  /** These limits measuring the deadline with another nanosecond ticker. */
  public EvalLimits withTicker(LongSupplier newTicker) {
    return new EvalLimits(timeout, maxSteps, newTicker);
  }

  /** Whether these limits bound anything. */
  public boolean isBounded() {
    return !timeout.isZero() || maxSteps > 0;
  }
}
