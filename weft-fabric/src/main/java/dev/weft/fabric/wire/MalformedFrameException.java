package dev.weft.fabric.wire;

/** A frame's bytes do not follow the layout; the connection it came on is closed. */
public final class MalformedFrameException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A failure with its message in the form {@code field: value (expected: ...)}. */
  public MalformedFrameException(String message) {
    super(message);
  }
}
