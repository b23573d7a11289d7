package dev.weft.policy.testing;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of one Rego test.
 *
 * @param packageName the test's package as a reference, e.g. {@code data.authz_test}
 * @param name the test's name within the package, e.g. {@code test_post_allowed} (or {@code
 *     p.q.test_x} for a rule with a dotted head)
 * @param location where the test rule starts
 * @param outcome what happened
 * @param duration how long evaluating the test took ({@link Duration#ZERO} when skipped)
 * @param error the evaluation error's message for {@link Outcome#ERROR}, else null
 * @param errors the Rego errors behind {@code error}, each with code and location; may be empty
 * @param output the lines the test printed with {@code print}
 * @param subResults the cases of a parameterized test, sorted by name; empty for other tests
 */
public record TestResult(
    String packageName,
    String name,
    Location location,
    Outcome outcome,
    Duration duration,
    String error,
    List<RegoError> errors,
    List<String> output,
    List<SubResult> subResults) {

  /** What happened to a test. */
  public enum Outcome {
    /** The test's value was {@code true} (for a parameterized test: every case passed). */
    PASS,
    /**
     * The test was undefined or its value was not {@code true} (for a parameterized test: a case
     * failed, or none was defined).
     */
    FAIL,
    /** Evaluating the test failed (e.g. a conflict, or a built-in error when strict). */
    ERROR,
    /** The test is named {@code todo_test_...} and was not run. */
    SKIPPED
  }

  /** Validates and copies. */
  public TestResult {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
    errors = List.copyOf(errors);
    output = List.copyOf(output);
    subResults = List.copyOf(subResults);
  }

  /** A result without cases. */
  public TestResult(
      String packageName,
      String name,
      Location location,
      Outcome outcome,
      Duration duration,
      String error,
      List<RegoError> errors,
      List<String> output) {
    this(packageName, name, location, outcome, duration, error, errors, output, List.of());
  }

  /** The test's full reference, e.g. {@code data.authz_test.test_post_allowed}. */
  public String fullName() {
    return packageName + "." + name;
  }

  /** Whether the test passed. */
  public boolean passed() {
    return outcome == Outcome.PASS;
  }
}
