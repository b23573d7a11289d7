package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.fabric.admin.AdminClient;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The flags of the list commands: which node's admin endpoint or which controller, how long to
 * wait, which output.
 */
final class AdminOptions {
  @Option(
      names = "--admin",
      paramLabel = "ADDR",
      description =
          "Ask one node: its admin endpoint, host:port (its admin_endpoint, on loopback). Or ask"
              + " the controller with --controller or --controller-socket.")
  String admin;

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
      description = "How long to wait for the node, e.g. 500ms or 10s (default: ${DEFAULT-VALUE}).")
  String timeout;

  /** Whether the output is JSON. */
  boolean json() throws CliException {
    return switch (output) {
      case "json" -> true;
      case "table" -> false;
      default ->
          throw new CliException(
              "--output: \"" + output + "\" (expected: table or json)", null, FabricCommand.USAGE);
    };
  }

  /** Whether to ask the controller (else a node's admin endpoint); exactly one is named. */
  boolean viaController() throws CliException {
    if (admin != null && controller.present()) {
      throw new CliException(
          "--admin and --controller: both given (expected: a node's --admin, or a controller)",
          null,
          FabricCommand.USAGE);
    }
    if (admin == null && !controller.present()) {
      throw new CliException(
          "--admin: missing (expected: --admin HOST:PORT of a node, or --controller HOST:PORT or"
              + " --controller-socket PATH)",
          null,
          FabricCommand.USAGE);
    }
    return admin == null;
  }

  /** A client of the admin endpoint. */
  AdminClient client() throws CliException {
    Duration wait = Args.duration("--timeout", timeout);
    try {
      return AdminClient.of(admin, wait);
    } catch (IllegalArgumentException e) {
      throw new CliException("--" + e.getMessage(), e, FabricCommand.USAGE);
    }
  }
}
