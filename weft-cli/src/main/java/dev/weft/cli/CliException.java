package dev.weft.cli;

import java.io.Serial;

/** A user-facing failure: its message is printed as is, after "weft: ". */
public final class CliException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  /** Exit status when the server or agent cannot be reached at all. */
  public static final int UNREACHABLE = 3;

  private final int exitStatus;

  public CliException(String message) {
    this(message, null);
  }

  public CliException(String message, Throwable cause) {
    this(message, cause, 1);
  }

  public CliException(String message, Throwable cause, int exitStatus) {
    super(message, cause);
    this.exitStatus = exitStatus;
  }

  /** The exit status of the command: 1 unless said otherwise. */
  public int exitStatus() {
    return exitStatus;
  }
}
