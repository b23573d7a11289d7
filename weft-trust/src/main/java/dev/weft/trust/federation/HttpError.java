package dev.weft.trust.federation;

/**
 * A request the bundle endpoint answers with an error status and closes; the reason is for the
 * caller.
 */
final class HttpError extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean limit;

  private HttpError(int status, String reason, boolean limit) {
    super(reason);
    this.status = status;
    this.limit = limit;
  }

  /** A request that is not HTTP as this endpoint reads it. */
  static HttpError bad(int status, String reason) {
    return new HttpError(status, reason, false);
  }

  /** A request over one of the listener's limits; {@code reason} names the configuration key. */
  static HttpError overLimit(int status, String reason) {
    return new HttpError(status, reason, true);
  }

  int status() {
    return status;
  }

  /** Whether a limit refused the request (counted), rather than its being malformed. */
  boolean limit() {
    return limit;
  }
}
