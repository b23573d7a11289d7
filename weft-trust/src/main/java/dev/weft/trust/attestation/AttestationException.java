package dev.weft.trust.attestation;

import java.io.Serial;

/** A caller could not be attested reliably; the message says which caller and why. */
public final class AttestationException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  public AttestationException(String message) {
    super(message);
  }

  public AttestationException(String message, Throwable cause) {
    super(message, cause);
  }
}
