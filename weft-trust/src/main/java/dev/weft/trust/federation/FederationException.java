package dev.weft.trust.federation;

import java.io.Serial;

/**
 * A bundle could not be fetched from an endpoint, or what it served was refused. The message says
 * which endpoint and why; it is what {@code weft trust federation show} reports as the last error.
 */
public final class FederationException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  private final boolean rollback;

  public FederationException(String message) {
    this(message, null);
  }

  public FederationException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private FederationException(String message, Throwable cause, boolean rollback) {
    super(message, cause);
    this.rollback = rollback;
  }

  /** A fetched bundle refused because it would move the bundle back. */
  static FederationException rollback(String message) {
    return new FederationException(message, null, true);
  }

  /** Whether the fetched bundle was refused because it would move the bundle back. */
  public boolean rollback() {
    return rollback;
  }
}
