package dev.weft.cli.trust;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weft trust}: the identity plane. */
@Command(
    name = "trust",
    mixinStandardHelpOptions = true,
    description = "Trust server, node agent and their admin commands (SPIRE's verbs).",
    subcommands = {
      ServerCommand.class,
      AgentCommand.class,
      EntryCommand.class,
      BundleCommand.class,
      FederationCommand.class,
      TokenCommand.class,
      HealthcheckCommand.class
    })
public final class TrustCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
