package dev.weft.agent.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call choices for {@link MeshClient}. Immutable; start from {@link #defaults()}.
 *
 * <p>Idempotency decides whether a call may be retried. Unless a call says so explicitly with
 * {@link #idempotent(boolean)}, the client reads it from the target's agent card ({@code GET
 * /.well-known/agent-card.json}, cached per target): a skill whose {@code id} is the capability and
 * whose {@code metadata} has {@code "weft.idempotent": true}. A card that cannot be fetched, or
 * says nothing, means not idempotent: no retry.
 */
public final class CallOptions {

  private static final CallOptions DEFAULTS = new CallOptions(null, null);

  private final Duration timeout;
  private final Boolean idempotent;

  private CallOptions(Duration timeout, Boolean idempotent) {
    this.timeout = timeout;
    this.idempotent = idempotent;
  }

  /** The client's default timeout, idempotency from the agent card. */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with a timeout for the whole call, retries included (still capped by the current
   * {@link CallScope}'s deadline).
   *
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public CallOptions timeout(Duration newTimeout) {
    Objects.requireNonNull(newTimeout, "timeout");
    if (newTimeout.isNegative() || newTimeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + newTimeout + " (expected: > 0)");
    }
    return new CallOptions(newTimeout, idempotent);
  }

  /** These options with the capability declared idempotent (or not), skipping the agent card. */
  public CallOptions idempotent(boolean newIdempotent) {
    return new CallOptions(timeout, newIdempotent);
  }

  /** The timeout, when one was set. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Whether the call was declared idempotent; empty when the agent card decides. */
  public Optional<Boolean> idempotent() {
    return Optional.ofNullable(idempotent);
  }

  @Override
  public String toString() {
    return "CallOptions[timeout=" + timeout + ", idempotent=" + idempotent + "]";
  }
}
