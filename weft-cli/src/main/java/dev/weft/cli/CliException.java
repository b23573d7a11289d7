package dev.weft.cli;

import java.io.Serial;

/** A user-facing failure: its message is printed as is, after "weft: ". */
public final class CliException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
