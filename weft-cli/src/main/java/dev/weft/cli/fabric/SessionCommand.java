package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fabric session send|receive|list}: reliable point-to-point sessions by hand. */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    description =
        "Point-to-point sessions over the fabric, for manual tests: receive on a name, send to it,"
            + " list a receiver's sessions.",
    subcommands = {
      SessionSendCommand.class,
      SessionReceiveCommand.class,
      SessionCommand.ListSessions.class
    })
public final class SessionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft fabric session list --admin-socket PATH}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the open sessions of a 'weft fabric session receive' (its --admin-socket): id,"
              + " name, peer instance, which side opened it, state, whether MLS encrypts it, the MLS"
              + " epoch and the peer's MLS-authenticated SPIFFE ID.")
  static final class ListSessions implements Callable<Integer> {
    @Option(
        names = "--admin-socket",
        required = true,
        paramLabel = "PATH",
        description = "The receiver's admin socket.")
    Path socket;

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
        description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    String timeout;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      boolean json =
          switch (output) {
            case "json" -> true;
            case "table" -> false;
            default ->
                throw new CliException(
                    "--output: \"" + output + "\" (expected: table or json)",
                    null,
                    FabricCommand.USAGE);
          };
      List<SessionView> sessions;
      try {
        sessions = SessionAdmin.fetch(socket, Args.duration("--timeout", timeout));
      } catch (IOException e) {
        throw new CliException("admin socket " + socket + ": " + e.getMessage(), e);
      }
      return Listing.rows(
          json,
          spec.commandLine().getOut(),
          sessions,
          new com.fasterxml.jackson.databind.ObjectMapper(),
          List.of(
              "ID", "NAME", "PEER", "INITIATOR", "STATE", "ENCRYPTED", "EPOCH", "PEER IDENTITY"),
          (SessionView s) ->
              List.of(
                  s.id(),
                  s.name(),
                  s.peer(),
                  String.valueOf(s.initiator()),
                  s.state(),
                  String.valueOf(s.encrypted()),
                  String.valueOf(s.epoch()),
                  s.peerIdentity() == null ? "-" : s.peerIdentity()));
    }
  }
}
