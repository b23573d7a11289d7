package dev.weft.cli;

import dev.weft.cli.local.DownCommand;
import dev.weft.cli.local.UpCommand;
import dev.weft.cli.policy.PolicyCommand;
import dev.weft.cli.trust.TrustCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code weft} command. */
@Command(
    name = "weft",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Weft: a secure multi-cloud mesh for agents and services.",
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      TrustCommand.class,
      PolicyCommand.class,
      dev.weft.cli.agent.AgentCommand.class,
      dev.weft.cli.agent.CallCommand.class,
      dev.weft.cli.fabric.FabricCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (tests call this). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given output streams and returns its exit status. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrors());
    HelpLayout.apply(cli);
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Reports the build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"weft " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
