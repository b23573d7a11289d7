package dev.weft.fabric;

import java.util.Objects;

/**
 * A fabric operation failed: refused by the node or its policy, undeliverable, or the connection
 * failed. {@link #code()} says which; the message says why (for {@link ErrorCode#DENIED}, it names
 * the policy rule).
 */
public final class FabricException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /** A failure with a code and a message. */
  public FabricException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** A failure with a code, a message and its cause. */
  public FabricException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** What kind of failure. */
  public ErrorCode code() {
    return code;
  }
}
