package dev.weft.cli.trust;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code weft trust agent}: the node agent process, its Workload API, and the server's agent list.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description =
        "The node agent: run it, query its Workload API; list, show, evict or ban attested agents.",
    subcommands = {
      AgentRunCommand.class,
      ApiCommand.class,
      AgentListCommand.class,
      AgentAdminCommands.Show.class,
      AgentAdminCommands.Evict.class,
      AgentAdminCommands.Ban.class
    })
public final class AgentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
