package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flags of the controller's verbs: which controller, how long to wait, which output. */
final class CallOptions {
  @CommandLine.Mixin ControllerOptions controller;

  @Option(
      names = "--output",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table (aligned columns) or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      paramLabel = "DURATION",
      description = "How long to wait for the controller (default: ${DEFAULT-VALUE}).")
  String timeout;

  boolean json() throws CliException {
    return switch (output) {
      case "json" -> true;
      case "table" -> false;
      default ->
          throw new CliException(
              "--output: \"" + output + "\" (expected: table or json)", null, FabricCommand.USAGE);
    };
  }

  Duration timeout() throws CliException {
    return Args.duration("--timeout", timeout);
  }

  /** Runs one call against the controller; a refusal exits 1 with the controller's message. */
  <T> T call(Call<T> call) throws CliException {
    Duration wait = timeout();
    try (ControllerOptions.Session session = controller.open(wait)) {
      return call.on(session.client());
    } catch (dev.weft.controller.api.ControllerClientException e) {
      throw new CliException(controller.display() + ": " + e.getMessage(), e);
    }
  }

  /** One call. */
  @FunctionalInterface
  interface Call<T> {
    T on(dev.weft.controller.api.ControllerClient client)
        throws dev.weft.controller.api.ControllerClientException;
  }
}
