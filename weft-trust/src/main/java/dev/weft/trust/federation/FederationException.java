package dev.weft.trust.federation;

import java.io.Serial;

/**
 * A bundle could not be fetched from an endpoint, or what it served was refused. The message
 * says which endpoint and why; it is what {@code weft trust federation show} reports as the last
 * error.
 */
public final class FederationException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  public FederationException(String message) {
    super(message);
  }

  public FederationException(String message, Throwable cause) {
    super(message, cause);
  }
}
