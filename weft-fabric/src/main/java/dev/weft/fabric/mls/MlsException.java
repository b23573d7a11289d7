package dev.weft.fabric.mls;

/**
 * An MLS operation was refused or failed: a member not admitted, a malformed or tampered message, a
 * message from another epoch or a commit that cannot be applied. The group's state is unchanged
 * when this is thrown. Messages never contain key material.
 */
public final class MlsException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A failure with a message. */
  public MlsException(String message) {
    super(message);
  }

  /** A failure with a message and its cause. */
  public MlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
