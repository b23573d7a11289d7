package dev.weft.policy;

import dev.weft.policy.rego.RegoError;
import java.io.Serial;
import java.util.List;

/**
 * A policy could not be loaded, compiled or evaluated. Carries the Rego errors, each with its
 * location and OPA's error code, when the failure came from the Rego engine.
 */
public class PolicyException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  /** The Rego errors; empty when the cause is not a Rego error. */
  private final transient List<RegoError> errors;

  /** A failure with a message and a cause (which may be null). */
  public PolicyException(String message, Throwable cause) {
    super(message, cause);
    this.errors = List.of();
  }

  /** A failure described by Rego errors; the message lists them one per line. */
  public PolicyException(List<RegoError> errors) {
    super(RegoError.describe(errors));
    this.errors = List.copyOf(errors);
  }

  /** The Rego errors behind this failure, in source order; empty if none. */
  public List<RegoError> errors() {
    return errors == null ? List.of() : errors;
  }
}
