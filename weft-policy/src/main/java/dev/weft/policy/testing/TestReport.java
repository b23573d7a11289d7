package dev.weft.policy.testing;

import dev.weft.policy.rego.GoDuration;
import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.testing.TestResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints test results as {@code opa test} does.
 *
 * <p>Pretty: the tests that did not pass (every test with {@code verbose}), each under its file, as
 * {@code data.pkg.test_x: FAIL (1.2ms)} with its error and {@code print} output indented below
 * (and, for a parameterized test, its failed cases, or every case when verbose, as {@code name:
 * FAIL}, each case counting as one test); then a rule of dashes and the counts, {@code PASS: n/m},
 * {@code FAIL: k/m}, {@code SKIPPED: s/m}, {@code ERROR: e/m} (a count of zero is left out). OPA's
 * evaluation traces are not printed: Weft's evaluator does not record them.
 *
 * <p>JSON: an array of objects with {@code location}, {@code package}, {@code name}, {@code
 * duration} (nanoseconds), and when set {@code error}, {@code output} (base64, as Go writes bytes),
 * {@code fail}, {@code skip} and {@code sub_results} (a parameterized test's cases by name, each
 * with {@code fail} when it failed).
 */
public final class TestReport {

  private static final String RULE = "-".repeat(80);

  private TestReport() {}

  /** The pretty report, ending with a newline (empty when there are no results). */
  public static String pretty(List<TestResult> results, boolean verbose) {
    StringBuilder out = new StringBuilder();
    boolean dirty = false;
    String lastFile = "";
    int[] counts = new int[Outcome.values().length];
    for (TestResult r : results) {
      if (r.subResults().isEmpty()) {
        counts[r.outcome().ordinal()]++;
      } else {
        countLeaves(r.subResults(), counts);
      }
      if (verbose || !r.passed()) {
        String file = r.location().file();
        if (!file.isEmpty() && !file.equals(lastFile)) {
          if (!lastFile.isEmpty()) {
            out.append('\n');
          }
          out.append(file).append(":\n");
          lastFile = file;
        }
        dirty = true;
        out.append(line(r)).append('\n');
        cases(out, r.subResults(), 1, verbose);
        if (!r.output().isEmpty()) {
          out.append('\n');
          indent(out, String.join("\n", r.output()).strip());
          out.append("\n\n");
        }
      }
      if (r.error() != null) {
        indent(out, r.error());
        out.append('\n');
      }
    }
    if (dirty) {
      out.append(RULE).append('\n');
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    count(out, "PASS", counts[Outcome.PASS.ordinal()], total);
    count(out, "FAIL", counts[Outcome.FAIL.ordinal()], total);
    count(out, "SKIPPED", counts[Outcome.SKIPPED.ordinal()], total);
    count(out, "ERROR", counts[Outcome.ERROR.ordinal()], total);
    return out.toString();
  }

  /** Counts each leaf case of a parameterized test as one passed or failed test, as OPA does. */
  private static void countLeaves(List<SubResult> cases, int[] counts) {
    for (SubResult c : cases) {
      if (c.subResults().isEmpty()) {
        counts[(c.failed() ? Outcome.FAIL : Outcome.PASS).ordinal()]++;
      } else {
        countLeaves(c.subResults(), counts);
      }
    }
  }

  /** {@code name: PASS} per case (failed ones only unless verbose), indented by depth. */
  private static void cases(StringBuilder out, List<SubResult> cases, int depth, boolean verbose) {
    for (SubResult c : cases) {
      if (c.failed() || verbose) {
        out.append("  ".repeat(depth))
            .append(c.name())
            .append(": ")
            .append(c.failed() ? "FAIL" : "PASS")
            .append('\n');
      }
      cases(out, c.subResults(), depth + 1, verbose);
    }
  }

  private static Map<String, Object> subResultsJson(List<SubResult> cases) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (SubResult c : cases) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (c.failed()) {
        m.put("fail", true);
      }
      if (!c.subResults().isEmpty()) {
        m.put("sub_results", subResultsJson(c.subResults()));
      }
      out.put(c.name(), m);
    }
    return out;
  }

  /** The JSON report (indented, ending with a newline). */
  public static String json(List<TestResult> results) {
    List<Object> out = new ArrayList<>();
    for (TestResult r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (r.error() != null) {
        m.put("error", error(r));
      }
      m.put("location", location(r.location()));
      m.put("package", r.packageName());
      m.put("name", r.name());
      if (!r.output().isEmpty()) {
        String text = String.join("\n", r.output()) + "\n";
        m.put("output", text.getBytes(StandardCharsets.UTF_8));
      }
      m.put("duration", r.duration().toNanos());
      if (r.outcome() == Outcome.FAIL) {
        m.put("fail", true);
      }
      if (r.outcome() == Outcome.SKIPPED) {
        m.put("skip", true);
      }
      if (!r.subResults().isEmpty()) {
        m.put("sub_results", subResultsJson(r.subResults()));
      }
      out.add(m);
    }
    return OpaJson.pretty(out) + "\n";
  }

  /** {@code data.pkg.test_x: PASS (1.5ms)}, or {@code ...: SKIPPED} without a duration. */
  static String line(TestResult r) {
    if (r.outcome() == Outcome.SKIPPED) {
      return r.fullName() + ": SKIPPED";
    }
    return r.fullName() + ": " + r.outcome() + " (" + GoDuration.format(r.duration()) + ")";
  }

  private static Object error(TestResult r) {
    if (r.errors().isEmpty()) {
      return Map.of("message", r.error());
    }
    List<Object> errors = new ArrayList<>();
    for (RegoError e : r.errors()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("code", e.code());
      m.put("message", e.message());
      if (e.location() != null && e.location().line() > 0) {
        m.put("location", location(e.location()));
      }
      errors.add(m);
    }
    return errors.size() == 1 ? errors.getFirst() : errors;
  }

  private static Map<String, Object> location(Location l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", l.file());
    m.put("row", l.line());
    m.put("col", l.col());
    return m;
  }

  private static void indent(StringBuilder out, String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append("  ").append(lines[i]);
    }
  }

  private static void count(StringBuilder out, String label, int n, int total) {
    if (n != 0) {
      out.append(label).append(": ").append(n).append('/').append(total).append('\n');
    }
  }
}
