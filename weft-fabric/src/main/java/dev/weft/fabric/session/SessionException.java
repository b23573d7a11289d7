package dev.weft.fabric.session;

import java.util.Objects;

/** A session operation failed; {@link #reason()} says how, the message says why. */
public final class SessionException extends Exception {

  private static final long serialVersionUID = 1L;

  /** How a session operation failed. */
  public enum Reason {
    /** A deadline passed (a request's, or waiting for room to send). */
    TIMEOUT,
    /** The peer refused: no subscriber for the name, or the peer's handler refused a request. */
    REFUSED,
    /** The session (or its endpoint) is closed. */
    CLOSED,
    /** The peer stopped acknowledging: retransmissions ran out. */
    UNREACHABLE,
    /** The fabric failed (connection lost, denied by policy). */
    FABRIC
  }

  private final Reason reason;

  /** A failure with a reason and a message. */
  public SessionException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** A failure with a reason, a message and its cause. */
  public SessionException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** How it failed. */
  public Reason reason() {
    return reason;
  }
}
