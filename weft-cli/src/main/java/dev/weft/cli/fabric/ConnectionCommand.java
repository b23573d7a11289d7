package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.controller.api.ConnectionView;
import dev.weft.fabric.admin.ConnectionInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fabric connection list}. */
@Command(
    name = "connection",
    mixinStandardHelpOptions = true,
    description = "A fabric node's connections.",
    subcommands = ConnectionCommand.ListConnections.class)
public final class ConnectionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft fabric connection list --admin ADDR}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the node's connections (clients, links in and out): the peer's SPIFFE ID, state, and "
              + "frames queued, sent, received and dropped.")
  static final class ListConnections implements Callable<Integer> {
    @CommandLine.Mixin AdminOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--node",
        paramLabel = "ID",
        description = "With a controller: only this node's links (default: every node's).")
    String node;

    @Override
    public Integer call() throws CliException {
      if (options.viaController()) {
        return Listing.ask(
            options.controller,
            options.json(),
            Args.duration("--timeout", options.timeout),
            spec.commandLine().getOut(),
            c -> c.connections(node),
            List.of("NODE", "PEER NODE", "DIRECTION", "ENDPOINT", "STATE", "PEER"),
            (ConnectionView c) ->
                List.of(
                    c.node(),
                    c.peerNode(),
                    c.direction(),
                    c.endpoint().isEmpty() ? "-" : c.endpoint(),
                    c.state(),
                    c.peerSpiffeId()));
      }
      return Listing.print(
          options,
          spec.commandLine().getOut(),
          c -> c.connections(),
          List.of("ID", "KIND", "REMOTE", "PEER", "STATE", "QUEUED", "SENT", "RECEIVED", "DROPPED"),
          (ConnectionInfo c) ->
              List.of(
                  c.id(),
                  c.kind(),
                  c.remote(),
                  c.peer(),
                  c.state(),
                  Long.toString(c.queued()),
                  Long.toString(c.sent()),
                  Long.toString(c.received()),
                  Long.toString(c.dropped())));
    }
  }
}
