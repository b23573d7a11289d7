package dev.weft.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;

/**
 * Turns failures into one line on stderr ("weft: ...") and an exit status: 1 for a refused request
 * or bad input, 2 for usage errors (picocli), 3 when the server cannot be reached.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    if (e instanceof StatusRuntimeException sre) {
      Status status = sre.getStatus();
      if (status.getCode() == Status.Code.UNAVAILABLE) {
        cli.getErr().println("weft: server unavailable: " + describe(status));
        return CliException.UNREACHABLE;
      }
      cli.getErr().println("weft: " + describe(status));
      return 1;
    }
    if (e instanceof CliException ce) {
      cli.getErr().println("weft: " + e.getMessage());
      return ce.exitStatus();
    }
    cli.getErr().println("weft: " + e);
    if (System.getenv("WEFT_DEBUG") != null) {
      e.printStackTrace(cli.getErr());
    }
    return 1;
  }

  private static String describe(Status status) {
    String code = status.getCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return status.getDescription() == null ? code : status.getDescription() + " (" + code + ")";
  }
}
