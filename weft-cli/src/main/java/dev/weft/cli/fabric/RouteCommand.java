package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.controller.api.RouteView;
import dev.weft.fabric.admin.RouteInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fabric route list}. */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    description = "A fabric node's routes.",
    subcommands = RouteCommand.ListRoutes.class)
public final class RouteCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft fabric route list --admin ADDR | --controller ADDR [--node ID]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List a node's routes (--admin), or the routes the controller installed (--controller,"
              + " --controller-socket; --node ID for one node's). A node's: each name it can deliver, through which connection, to which peer, "
              + "whether the subscriber is local or behind a link, and where the route came from (static "
              + "config, a subscription, the controller).")
  static final class ListRoutes implements Callable<Integer> {
    @CommandLine.Mixin AdminOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--node",
        paramLabel = "ID",
        description = "With a controller: only this node's routes (default: every node's).")
    String node;

    @Override
    public Integer call() throws CliException {
      if (options.viaController()) {
        return Listing.ask(
            options.controller,
            options.json(),
            Args.duration("--timeout", options.timeout),
            spec.commandLine().getOut(),
            c -> c.routes(node),
            List.of("NODE", "NAME", "NEXT HOPS"),
            (RouteView r) -> List.of(r.node(), r.name(), String.join(",", r.nextHops())));
      }
      return Listing.print(
          options,
          spec.commandLine().getOut(),
          c -> c.routes(),
          List.of("NAME", "KIND", "SOURCE", "CONNECTION", "PEER"),
          (RouteInfo r) -> List.of(r.name(), r.kind(), r.source(), r.connection(), r.peer()));
    }
  }
}
