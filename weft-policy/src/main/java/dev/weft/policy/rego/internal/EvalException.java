package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import java.io.Serial;

/** An evaluation error (conflict, strict built-in error); ends the evaluation. */
final class EvalException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  private final transient RegoError error;

  EvalException(String code, String message, Location location) {
    super(message, null, false, false);
    this.error = new RegoError(code, message, location == null ? Location.NONE : location, null);
  }

  RegoError error() {
    return error;
  }
}
