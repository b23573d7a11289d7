package dev.weft.bench.policy;

import dev.weft.bench.Environment;
import dev.weft.bench.Flags;
import dev.weft.policy.rego.RegoPolicy;
import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * {@code scripts/bench policy}: JMH sample-time percentiles of one decision in the Rego engine and
 * in hand-coded Java, their ratio, and the compile time of a policy of 1,000 rules.
 */
public final class PolicyRun {

  /** The target for the Rego decision's median. */
  private static final double TARGET_P50_NANOS = 2_000;

  /** OPA's published {@code opa bench} median for a simple RBAC policy, for reference. */
  private static final double OPA_PUBLISHED_P50_NANOS = 36_000;

  private PolicyRun() {}

  /** Runs the benchmark with {@code flags} and prints the figures to {@code out}. */
  public static void run(Flags flags, PrintStream out) throws Exception {
    int forks = flags.integer("forks", 1, 1);
    int warmupIterations = flags.integer("warmup-iterations", 5, 0);
    int iterations = flags.integer("iterations", 5, 1);
    int seconds = flags.integer("seconds", 2, 1);
    int rules = flags.integer("rules", 1000, 1);
    int compileRounds = flags.integer("compile-rounds", 20, 1);
    flags.rejectUnknown();

    Environment.print(out, "policy: one decision of seed 000's federation policy, 1 thread");
    Options options =
        new OptionsBuilder()
            .include(DecisionBenchmark.class.getName())
            .forks(forks)
            .threads(1)
            .warmupIterations(warmupIterations)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Statistics> stats = new HashMap<>();
    for (RunResult r : results) {
      String label = r.getPrimaryResult().getLabel();
      stats.put(label, r.getPrimaryResult().getStatistics());
    }
    Statistics rego = stats.get("rego");
    Statistics java = stats.get("handCoded");
    out.printf("%-22s %10s %10s %10s%n", "decision", "p50 ns", "p99 ns", "mean ns");
    print(out, "rego (embedded)", rego);
    print(out, "hand-coded java", java);
    double ratio = rego.getPercentile(50) / Math.max(1, java.getPercentile(50));
    out.printf("ratio rego/java (p50): %.1fx%n", ratio);
    out.printf(
        "target rego p50 <= %.0f ns: %s%n",
        TARGET_P50_NANOS, rego.getPercentile(50) <= TARGET_P50_NANOS ? "met" : "MISSED");
    out.printf(
        "OPA's published opa bench median for a simple RBAC policy: %.0f ns (%.0fx ours)%n",
        OPA_PUBLISHED_P50_NANOS, OPA_PUBLISHED_P50_NANOS / rego.getPercentile(50));
    compileTime(out, rules, compileRounds);
    Environment.printEnd(out);
  }

  private static void print(PrintStream out, String name, Statistics s) {
    out.printf(
        "%-22s %,10.0f %,10.0f %,10.0f%n",
        name, s.getPercentile(50), s.getPercentile(99), s.getMean());
  }

  /** Parses and compiles a generated policy of {@code rules} rules, best and median of rounds. */
  private static void compileTime(PrintStream out, int rules, int rounds) throws Exception {
    String source = LargePolicy.source(rules);
    long[] times = new long[rounds];
    for (int warm = 0; warm < 5; warm++) {
      RegoPolicy.builder().module("large.rego", source).build();
    }
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      RegoPolicy.builder().module("large.rego", source).build();
      times[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(times);
    out.printf(
        "compile %d rules (%,d bytes of Rego): median %.1f ms, best %.1f ms over %d rounds"
            + " (after 5 warm-up compiles)%n",
        rules, source.length(), times[rounds / 2] / 1e6, times[0] / 1e6, rounds);
  }
}
