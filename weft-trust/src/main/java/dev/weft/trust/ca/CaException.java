package dev.weft.trust.ca;

import java.io.Serial;

/**
 * The certificate authority could not do what was asked: a bad argument, an unreadable or corrupt
 * journal or key, an upstream authority that does not fit. The message names what was wrong and
 * where; it never contains key material.
 */
public final class CaException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  public CaException(String message) {
    super(message);
  }

  public CaException(String message, Throwable cause) {
    super(message, cause);
  }
}
