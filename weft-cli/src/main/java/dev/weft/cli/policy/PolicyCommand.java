package dev.weft.cli.policy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weft policy}: the policy plane. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate, test and check Rego policies with the embedded engine (OPA's eval, test and"
            + " check).",
    subcommands = {EvalCommand.class, TestCommand.class, CheckCommand.class})
public final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
