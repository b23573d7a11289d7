package dev.weft.cli.policy;

import dev.weft.cli.CliException;
import dev.weft.policy.PolicyException;
import dev.weft.policy.load.PolicyLoader;
import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.QueryResult;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.value.Value;
import dev.weft.policy.testing.OpaJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft policy eval}: {@code opa eval} over the embedded engine. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a Rego query against policies and data and print the result, as opa eval does.",
      "",
      "Each -d path is a .rego file, a JSON or YAML data file (merged at the root of data), or a"
          + " directory loaded recursively: .rego files are modules and every JSON or YAML file is"
          + " data mounted at its directory's path (dir/a/b/data.json becomes data.a.b). A"
          + " directory with a .manifest file is a bundle: only data.json and data.yaml files are"
          + " data, and its roots bound what it may define."
    },
    footer = {
      "",
      "Exit status: 0 when the query was evaluated (even if undefined, unless --fail), 1 with"
          + " --fail or --fail-defined when the result is undefined or defined, 2 on an error"
          + " (the errors are printed in the chosen format)."
    })
final class EvalCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Output formats. */
  enum Format {
    json,
    pretty
  }

  @Option(
      names = {"-d", "--data"},
      paramLabel = "PATH",
      description = "Policy or data file, or directory, to load; may be repeated.")
  List<Path> data = new ArrayList<>();

  @Option(
      names = {"-i", "--input"},
      paramLabel = "FILE",
      description = "The input document: a JSON file (YAML for .yaml or .yml).")
  Path input;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.json;

  @Option(
      names = "--v0-compatible",
      description = "Parse modules as pre-1.0 Rego (rules without if and contains).")
  boolean v0Compatible;

  @Option(
      names = "--strict-builtin-errors",
      description =
          "Treat the first built-in function error as fatal (default: the failing call is"
              + " undefined).")
  boolean strictBuiltinErrors;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "0",
      description =
          "Stop the evaluation after this long, e.g. 500ms or 2s, as an error (default: 0, no"
              + " timeout).")
  String timeout = "0";

  @Option(names = "--fail", description = "Exit with status 1 when the result is undefined.")
  boolean fail;

  @Option(names = "--fail-defined", description = "Exit with status 1 when the result is defined.")
  boolean failDefined;

  @Parameters(
      index = "0",
      paramLabel = "QUERY",
      description = "The query, e.g. data.authz.allow or 'x := data.roles[_]; x.admin'.")
  String query;

  @Override
  public Integer call() throws CliException {
    if (fail && failDefined) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "specify --fail or --fail-defined but not both");
    }
    Duration deadline = TimeoutOption.parse(timeout);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Value inputValue = null;
    if (input != null) {
      try {
        inputValue = PolicyLoader.readDocument(input);
      } catch (PolicyException e) {
        throw new CliException("unable to parse input: " + e.getMessage(), e, 2);
      }
    }
    RegoVersion version = v0Compatible ? RegoVersion.V0 : RegoVersion.V1;
    EvalOptions options =
        EvalOptions.of(inputValue)
            .withClock(Clock.systemUTC())
            .withPrint(
                line -> {
                  err.println(line);
                  err.flush();
                })
            .withStrictBuiltinErrors(strictBuiltinErrors)
            .withLimits(EvalLimits.NONE.withTimeout(deadline));
    QueryResult result;
    try {
      RegoPolicy policy = PolicyLoader.load(data).compile(version).policy();
      result = policy.prepare(query).evaluate(options);
    } catch (PolicyException e) {
      if (format == Format.json) {
        out.println(OpaJson.pretty(OpaErrors.json(e)));
        out.flush();
      } else {
        err.println(OpaErrors.describe(e));
        err.flush();
      }
      return 2;
    }
    out.println(format == Format.json ? EvalOutput.json(result) : EvalOutput.pretty(result));
    out.flush();
    boolean defined = !result.isUndefined();
    return (fail && !defined) || (failDefined && defined) ? 1 : 0;
  }
}
