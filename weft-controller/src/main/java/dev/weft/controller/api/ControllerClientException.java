package dev.weft.controller.api;

/**
 * A call to the controller's API failed: it could not be reached, or it refused the request (then
 * {@link #status()} is the HTTP status and the message is the controller's).
 */
public final class ControllerClientException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ControllerClientException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of a refusal, or 0 when the controller was not reached. */
  public int status() {
    return status;
  }
}
