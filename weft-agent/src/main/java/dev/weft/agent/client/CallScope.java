package dev.weft.agent.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The call a thread serves, as the agent server binds it around a capability's dispatch: calls out
 * made within {@link #run} or {@link #call} end by {@code deadline} at the latest and continue the
 * trace of {@code traceparent}. Bound with a {@link ScopedValue}, so it holds for the body's thread
 * and for threads forked by a {@code StructuredTaskScope} inside it, not for other threads the body
 * starts.
 *
 * <pre>{@code
 * // server, around dispatch:
 * Object result = CallScope.call(deadline, span.traceparent(), () -> capability.invoke(params));
 * }</pre>
 *
 * @param deadline when the served call's caller stops waiting
 * @param traceparent the W3C {@code traceparent} of the served call's span, or null when unknown
 */
public record CallScope(Instant deadline, String traceparent) {

  private static final ScopedValue<CallScope> CURRENT = ScopedValue.newInstance();

  /** Validates the scope. */
  public CallScope {
    Objects.requireNonNull(deadline, "deadline");
  }

  /** Runs {@code body} with this scope bound on the current thread. */
  public static void run(Instant deadline, String traceparent, Runnable body) {
    Objects.requireNonNull(body, "body");
    ScopedValue.where(CURRENT, new CallScope(deadline, traceparent)).run(body);
  }

  /** Calls {@code body} with this scope bound on the current thread and returns its result. */
  public static <T, X extends Throwable> T call(
      Instant deadline, String traceparent, ScopedValue.CallableOp<? extends T, X> body) throws X {
    Objects.requireNonNull(body, "body");
    return ScopedValue.where(CURRENT, new CallScope(deadline, traceparent)).call(body);
  }

  /** The scope bound on the current thread, if any. */
  public static Optional<CallScope> current() {
    return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
  }
}
