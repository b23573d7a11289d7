package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.fabric.admin.AdminClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags of the list commands: which admin endpoint, how long to wait, which output. */
final class AdminOptions {
  @Option(
      names = "--admin",
      required = true,
      paramLabel = "ADDR",
      description = "The node's admin endpoint, host:port (its admin_endpoint, on loopback).")
  String admin;

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
