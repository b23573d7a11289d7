package dev.weft.agent;

import java.io.Serial;
import java.util.Objects;

/**
 * A call failed, or a capability refuses one. The {@link ErrorCode} says which way; the message is
 * meant for the caller and must not carry secrets or internals.
 */
public class AgentException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /** A failure with a code and a caller-facing message. */
  public AgentException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** A failure with a code, a caller-facing message and a cause (kept locally, never sent). */
  public AgentException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** What kind of failure this is. */
  public ErrorCode code() {
    return code;
  }
}
