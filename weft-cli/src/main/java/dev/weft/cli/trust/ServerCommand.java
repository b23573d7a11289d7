package dev.weft.cli.trust;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weft trust server}: the trust server process. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "The trust server of one trust domain.",
    subcommands = ServerRunCommand.class)
public final class ServerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
