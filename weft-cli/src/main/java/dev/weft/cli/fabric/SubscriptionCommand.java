package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.controller.api.SubscriptionView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fabric subscription list}: what the nodes reported to the controller. */
@Command(
    name = "subscription",
    mixinStandardHelpOptions = true,
    description = "Names with local subscribers, per node, as the nodes reported them.",
    subcommands = SubscriptionCommand.ListSubscriptions.class)
public final class SubscriptionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft fabric subscription list [--node ID]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List subscriptions the controller knows.")
  static final class ListSubscriptions implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", paramLabel = "ID", description = "Only this node's.")
    String node;

    @Override
    public Integer call() throws CliException {
      return Listing.ask(
          options.controller,
          options.json(),
          options.timeout(),
          spec.commandLine().getOut(),
          c -> c.subscriptions(node),
          List.of("NODE", "NAME"),
          (SubscriptionView s) -> List.of(s.node(), s.name()));
    }
  }
}
