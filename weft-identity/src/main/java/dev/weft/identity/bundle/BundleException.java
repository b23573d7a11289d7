package dev.weft.identity.bundle;

import java.io.Serial;

/** A trust bundle could not be parsed, written or used. The message names the bad field. */
public final class BundleException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
