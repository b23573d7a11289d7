package dev.weft.cli.policy;

import dev.weft.cli.CliException;
import dev.weft.policy.PolicyException;
import dev.weft.policy.load.PolicyLoader;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.testing.TestReport;
import dev.weft.policy.testing.TestResult;
import dev.weft.policy.testing.TestRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft policy test}: {@code opa test} over the embedded engine. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run Rego tests, as opa test does.",
      "",
      "Loads the paths as eval's -d does and runs every rule whose name starts with test_: a test"
          + " passes when its value is true, fails when it is undefined or has another value, and"
          + " is an error when its evaluation fails. Rules named todo_test_... are reported as"
          + " skipped. A parameterized test (test_x[name] if { some name, tc in cases; ... })"
          + " reports each case under it, and each case counts as one test. Without -v only the"
          + " tests and cases that did not pass are listed, under their files, followed by the"
          + " counts."
    },
    footer = {
      "",
      "Exit status: 0 when every test passed, 1 when the policies cannot be loaded or compiled,"
          + " 2 when a test failed, had an error or was skipped (skipped: 0 with -z)."
    })
final class TestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Output formats. */
  enum Format {
    pretty,
    json
  }

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories to load.")
  List<Path> paths;

  @Option(
      names = {"-v", "--verbose"},
      description = "List every test with its duration, not only those that did not pass.")
  boolean verbose;

  @Option(
      names = "--run",
      paramLabel = "REGEX",
      description = "Run only the tests whose full name (data.pkg.test_x) matches REGEX.")
  String run;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "pretty",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.pretty;

  @Option(
      names = "--v0-compatible",
      description = "Parse modules as pre-1.0 Rego (rules without if and contains).")
  boolean v0Compatible;

  @Option(
      names = {"-z", "--exit-zero-on-skipped"},
      description = "Exit with status 0 when tests were skipped but none failed.")
  boolean exitZeroOnSkipped;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description =
          "Stop each test after this long, e.g. 500ms or 2s, and report it as an error"
              + " (default: ${DEFAULT-VALUE}; 0 for no timeout).")
  String timeout = "5s";

  @Override
  public Integer call() throws CliException {
    Duration perTest = TimeoutOption.parse(timeout);
    Pattern filter = null;
    if (run != null) {
      try {
        filter = Pattern.compile(run);
      } catch (PatternSyntaxException e) {
        throw new CliException(
            "--run: \"" + run + "\" (expected: a regular expression; " + e.getDescription() + ")",
            e);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    RegoPolicy policy;
    try {
      policy =
          PolicyLoader.load(paths).compile(v0Compatible ? RegoVersion.V0 : RegoVersion.V1).policy();
    } catch (PolicyException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(OpaErrors.describe(e));
      err.flush();
      return 1;
    }
    List<TestResult> results =
        TestRunner.builder().filter(filter).timeout(perTest).build().run(policy);
    out.print(
        format == Format.json ? TestReport.json(results) : TestReport.pretty(results, verbose));
    out.flush();
    return exitStatus(results);
  }

  private int exitStatus(List<TestResult> results) {
    for (TestResult r : results) {
      switch (r.outcome()) {
        case PASS -> {}
        case SKIPPED -> {
          if (!exitZeroOnSkipped) {
            return 2;
          }
        }
        case FAIL, ERROR -> {
          return 2;
        }
      }
    }
    return 0;
  }
}
