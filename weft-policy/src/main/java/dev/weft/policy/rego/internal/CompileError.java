package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.RegoError;
import java.io.Serial;

/** A compile error raised while compiling one rule; collected by the {@link Compiler}. */
final class CompileError extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  private final transient RegoError error;

  CompileError(RegoError error) {
    super(error.toString(), null, false, false);
    this.error = error;
  }

  RegoError error() {
    return error;
  }
}
