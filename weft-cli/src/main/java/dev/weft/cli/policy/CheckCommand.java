package dev.weft.cli.policy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.load.PolicyLoader;
import dev.weft.policy.rego.RegoVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft policy check}: {@code opa check} over the embedded engine. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check Rego files for parse and compile errors, as opa check does.",
      "",
      "Loads the .rego files under the paths (data files are not read), compiles them, and prints"
          + " nothing when they compile; otherwise every error, as file:line:col: code: message,"
          + " with its hint on the next line."
    },
    footer = {"", "Exit status: 0 when every module compiles, 1 otherwise."})
final class CheckCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rego files or directories.")
  List<Path> paths;

  @Option(
      names = "--v0-compatible",
      description = "Parse modules as pre-1.0 Rego (rules without if and contains).")
  boolean v0Compatible;

  @Override
  public Integer call() {
    try {
      PolicyLoader.loadModules(paths).compile(v0Compatible ? RegoVersion.V0 : RegoVersion.V1);
      return 0;
    } catch (PolicyException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(OpaErrors.describe(e));
      err.flush();
      return 1;
    }
  }
}
