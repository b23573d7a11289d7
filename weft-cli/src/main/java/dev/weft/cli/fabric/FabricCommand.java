package dev.weft.cli.fabric;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weft fabric}: the messaging fabric's node and client commands. */
@Command(
    name = "fabric",
    mixinStandardHelpOptions = true,
    description = {
      "The messaging fabric: run a node or the controller, publish and subscribe, list what a node",
      "knows (its loopback admin endpoint) or what the controller knows (its JSON API), manage",
      "the controller's links, segments and domains, and try point-to-point sessions (session",
      "send, receive, list). See docs/fabric.md."
    },
    subcommands = {
      NodeCommand.class,
      SubCommand.class,
      PubCommand.class,
      RouteCommand.class,
      ConnectionCommand.class,
      ControllerCommand.class,
      LinkCommand.class,
      SegmentCommand.class,
      DomainCommand.class,
      SubscriptionCommand.class,
      SessionCommand.class
    })
public final class FabricCommand implements Runnable {
  /** Exit status for a bad flag, argument or configuration. */
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
