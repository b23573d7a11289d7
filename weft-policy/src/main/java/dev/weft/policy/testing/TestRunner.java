package dev.weft.policy.testing;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Value;
import dev.weft.policy.testing.TestResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Runs the Rego tests of a policy as {@code opa test} does.
 *
 * <p>A test is a rule whose name starts with {@code test_}: it passes when its value is {@code
 * true}; it fails when it is undefined or has any other value (as in OPA, {@code test_x := 1}
 * fails); it is an error when its evaluation fails. Rules named {@code todo_test_...} are reported
 * as skipped. Tests run one after another, in file order, each with its own {@code print} output
 * captured. Each test has a deadline ({@link Builder#timeout}, 5 s by default as in {@code opa
 * test}); a test that passes it is an error whose message says so.
 *
 * <pre>{@code
 * List<TestResult> results = TestRunner.builder().filter(Pattern.compile("allow")).build()
 *     .run(PolicyLoader.load(Path.of("policies")).compile().policy());
 * System.out.print(TestReport.pretty(results, false));
 * }</pre>
 *
 * <p>A parameterized test ({@code test_x[name] if { some name, tc in cases; ... }}) is reported
 * case by case ({@link TestResult#subResults()}), as {@code opa test} does: a case passes when its
 * value is {@code true}, and a case that was reached but is missing from the value failed.
 */
public final class TestRunner {

  /** The default deadline of each test, as {@code opa test}'s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Pattern filter;
  private final Clock clock;
  private final LongSupplier ticker;
  private final Duration timeout;

  private TestRunner(Builder b) {
    this.filter = b.filter;
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.timeout = b.timeout;
  }

  /** A builder with no filter, the system clock and {@link System#nanoTime()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every test of {@code policy} (that the filter selects) and returns the results in file
   * order, then source order.
   */
  public List<TestResult> run(RegoPolicy policy) {
    List<TestResult> results = new ArrayList<>();
    for (TestDiscovery.TestCase test : TestDiscovery.find(policy)) {
      if (filter != null && !filter.matcher(test.fullName()).find()) {
        continue;
      }
      results.add(run(policy, test));
    }
    return results;
  }

  private TestResult run(RegoPolicy policy, TestDiscovery.TestCase test) {
    List<String> output = new ArrayList<>();
    if (test.kind() == TestDiscovery.Kind.SKIP) {
      return result(test, Outcome.SKIPPED, Duration.ZERO, null, null, output);
    }
    EvalOptions options =
        EvalOptions.of(null)
            .withClock(clock)
            .withPrint(output::add)
            .withLimits(EvalLimits.NONE.withTimeout(timeout).withTicker(ticker));
    Set<ArrayValue> reached = new LinkedHashSet<>();
    if (test.kind() == TestDiscovery.Kind.PARAMETERIZED) {
      options = options.withTestCases(c -> reached.add((ArrayValue) c));
    }
    long start = ticker.getAsLong();
    try {
      Optional<Value> value = policy.prepare(test.query()).evaluateFirst(options);
      Duration took = Duration.ofNanos(ticker.getAsLong() - start);
      if (test.kind() == TestDiscovery.Kind.PARAMETERIZED) {
        List<SubResult> cases = SubResults.of(value.orElse(null), reached);
        boolean fail = value.isEmpty() || SubResults.anyFailed(cases);
        return new TestResult(
            test.packageName(),
            test.name(),
            test.location(),
            fail ? Outcome.FAIL : Outcome.PASS,
            took,
            null,
            List.of(),
            output,
            cases);
      }
      boolean pass = value.isPresent() && value.get().equals(BooleanValue.TRUE);
      return result(test, pass ? Outcome.PASS : Outcome.FAIL, took, null, null, output);
    } catch (PolicyException e) {
      Duration took = Duration.ofNanos(ticker.getAsLong() - start);
      return result(test, Outcome.ERROR, took, e.getMessage(), e, output);
    } catch (RuntimeException e) {
      Duration took = Duration.ofNanos(ticker.getAsLong() - start);
      return result(test, Outcome.ERROR, took, "internal error: " + e, null, output);
    }
  }

  private static TestResult result(
      TestDiscovery.TestCase test,
      Outcome outcome,
      Duration took,
      String error,
      PolicyException cause,
      List<String> output) {
    return new TestResult(
        test.packageName(),
        test.name(),
        test.location(),
        outcome,
        took,
        error,
        cause == null ? List.of() : cause.errors(),
        output);
  }

  /** Configures a {@link TestRunner}. */
  public static final class Builder {
    private Pattern filter;
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * How long each test may run ({@code opa test --timeout}); default 5 s; {@link Duration#ZERO}
     * for no deadline.
     *
     * @throws IllegalArgumentException if negative or longer than {@link EvalLimits#MAX_TIMEOUT}
     */
    public Builder timeout(Duration perTest) {
      EvalLimits.NONE.withTimeout(perTest);
      this.timeout = perTest;
      return this;
    }

    /**
     * Runs only tests whose full name (e.g. {@code data.authz_test.test_allow}) contains a match of
     * {@code pattern} ({@code opa test --run}); default: every test.
     */
    public Builder filter(Pattern pattern) {
      this.filter = pattern;
      return this;
    }

    /** The clock {@code time.now_ns} reads; default the system clock. */
    public Builder clock(Clock testClock) {
      this.clock = Objects.requireNonNull(testClock, "clock");
      return this;
    }

    /**
     * The nanosecond ticker durations and deadlines are measured with; default {@link
     * System#nanoTime()}.
     */
    public Builder ticker(LongSupplier nanoTicker) {
      this.ticker = Objects.requireNonNull(nanoTicker, "ticker");
      return this;
    }

    /** The runner. */
    public TestRunner build() {
      return new TestRunner(this);
    }
  }
}
