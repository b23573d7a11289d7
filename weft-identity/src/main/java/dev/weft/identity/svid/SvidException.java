package dev.weft.identity.svid;

import java.io.Serial;

/** An SVID is malformed, untrusted, expired or not meant for us. The message says which. */
public final class SvidException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  public SvidException(String message) {
    super(message);
  }

  public SvidException(String message, Throwable cause) {
    super(message, cause);
  }
}
