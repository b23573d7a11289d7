package dev.weft.cli.fabric;

import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.observability.ObservabilityConfig.LogFormat;
import dev.weft.agent.runtime.JsonLogging;
import dev.weft.cli.CliException;
import dev.weft.cli.Foreground;
import dev.weft.config.ConfigException;
import dev.weft.config.LogLevel;
import dev.weft.controller.api.NodeView;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.admin.NodeInfo;
import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fabric node run|list}. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a fabric node, or list a node and the nodes linked to it.",
    subcommands = {NodeCommand.Run.class, NodeCommand.ListNodes.class, NodeCommand.Remove.class})
public final class NodeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft fabric node run --config FILE}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Run a fabric node: its identity from the Workload API (identity.workload_api_socket, else "
              + "$SPIFFE_ENDPOINT_SOCKET), clients and links on local_endpoint over SPIFFE mutual TLS, its "
              + "static routes dialled, every subscribe and publish authorized by the policy. Stays up until "
              + "SIGTERM or Ctrl-C.")
  static final class Run implements Callable<Integer> {
    @Option(
        names = "--config",
        required = true,
        paramLabel = "FILE",
        description = "Node configuration (YAML, see docs/fabric.md).")
    Path config;

    @Option(
        names = "--parent-pid",
        hidden = true,
        paramLabel = "PID",
        description = "Exit when this process exits.")
    Long parentPid;

    @Option(
        names = "--log-level",
        defaultValue = "info",
        paramLabel = "LEVEL",
        description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(
        names = "--log-format",
        defaultValue = "json",
        paramLabel = "FORMAT",
        description =
            "json (one object per line, like the agents') or text (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException, InterruptedException {
      LogLevel level = parse("--log-level", logLevel, LogLevel.class);
      LogFormat format = parse("--log-format", logFormat, LogFormat.class);
      NodeConfig nodeConfig;
      try {
        nodeConfig = NodeConfig.read(config);
      } catch (ConfigException e) {
        throw new CliException(e.getMessage(), e, FabricCommand.USAGE);
      }
      JsonLogging.install(
          new ObservabilityConfig.Logging(
              level, format, Map.of("component", "fabric-node", "node", nodeConfig.id())));
      Node node;
      try {
        node = Node.start(nodeConfig);
      } catch (FabricException e) {
        throw new CliException(config + ": " + e.getMessage(), e);
      }
      var err = spec.commandLine().getErr();
      err.println(
          serving(
              node.info(),
              node.localAddress().getHostString() + ":" + node.localAddress().getPort(),
              node.adminAddress().map(a -> a.getHostString() + ":" + a.getPort()).orElse(null)));
      err.flush();
      Foreground.run(node, "fabric node", parentPid);
      return 0;
    }
  }

  static <E extends Enum<E>> E parse(String flag, String text, Class<E> type) throws CliException {
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed =
          String.join(
              ", ",
              Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList());
      throw new CliException(
          flag + ": \"" + text + "\" (expected: one of " + allowed + ")", e, FabricCommand.USAGE);
    }
  }

  /** The line {@code weft fabric node run} prints once it serves. */
  static String serving(NodeInfo info, String listening, String admin) {
    return "weft: fabric node "
        + info.id()
        + " ("
        + info.spiffeId()
        + ", domain "
        + info.domain()
        + ") listening on "
        + listening
        + (admin == null ? "" : ", admin on " + admin);
  }

  /** {@code weft fabric node list --admin ADDR}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the node behind --admin, then the nodes linked to it: id, domain, SPIFFE ID, endpoints.",
        "Or, with --controller or --controller-socket, every node registered with the controller:"
            + " domain, segment, connected or not, subscriptions and routes."
      })
  static final class ListNodes implements Callable<Integer> {
    @CommandLine.Mixin AdminOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      if (options.viaController()) {
        return Listing.ask(
            options.controller,
            options.json(),
            Args.duration("--timeout", options.timeout),
            spec.commandLine().getOut(),
            c -> c.nodes(),
            List.of(
                "ID",
                "DOMAIN",
                "SEGMENT",
                "STATE",
                "SPIFFE ID",
                "EXTERNAL ENDPOINT",
                "SUBS",
                "ROUTES"),
            (NodeView n) ->
                List.of(
                    n.id(),
                    n.domain(),
                    n.segment(),
                    n.state(),
                    n.spiffeId(),
                    n.externalEndpoint(),
                    Integer.toString(n.subscriptions()),
                    Integer.toString(n.routes())));
      }
      return Listing.print(
          options,
          spec.commandLine().getOut(),
          c -> c.nodes(),
          List.of("ID", "DOMAIN", "SPIFFE ID", "LOCAL ENDPOINT", "EXTERNAL ENDPOINT"),
          (NodeInfo n) ->
              List.of(n.id(), n.domain(), n.spiffeId(), n.localEndpoint(), n.externalEndpoint()));
    }
  }

  /** {@code weft fabric node remove ID}: forget a disconnected node. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = {
        "Make the controller forget a disconnected node: its id, SPIFFE ID binding and explicit",
        "links. A connected node is refused."
      })
  static final class Remove implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "ID", description = "The node's id.")
    String id;

    @Override
    public Integer call() throws CliException {
      options.json();
      options.call(
          c -> {
            c.removeNode(id);
            return null;
          });
      spec.commandLine().getOut().println("weft: node " + id + " removed");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
