package dev.weft.bench.agent;

import dev.weft.bench.Latencies;
import dev.weft.bench.Table;
import java.io.PrintStream;
import java.util.Map;

/** The agent benchmark's tables: figures per concurrency level, then the targets. */
final class Report {
  /** Target: the agent call's median at most this many times the floor's. */
  static final double TARGET_P50_RATIO = 2.0;

  /** Target: the agent call's 99th percentile, in microseconds. */
  static final double TARGET_P99_MICROS = 300;

  /** Target: agent calls per second at concurrency 64 (on 2 cores). */
  static final double TARGET_CALLS_PER_SECOND = 20_000;

  static final int TARGET_CONCURRENCY = 64;

  private Report() {}

  static void levelTable(
      PrintStream out,
      int concurrency,
      int warmupSeconds,
      int seconds,
      Map<Paths, AgentBenchmark.Result> results) {
    Latencies floor = results.get(Paths.FLOOR).latencies();
    Table table =
        new Table(
            String.format(
                "%d concurrent caller(s), %d s measured after %d s warm-up",
                concurrency, seconds, warmupSeconds),
            "path",
            "calls",
            "p50 µs",
            "p90 µs",
            "p99 µs",
            "max µs",
            "calls/s",
            "CPU/call µs",
            "p50 / floor");
    for (Map.Entry<Paths, AgentBenchmark.Result> e : results.entrySet()) {
      Latencies l = e.getValue().latencies();
      table.row(
          e.getKey().label(),
          Table.number(l.count(), 0),
          Table.micros(l.percentile(50)),
          Table.micros(l.percentile(90)),
          Table.micros(l.percentile(99)),
          Table.micros(l.max()),
          Table.number(l.perSecond(), 0),
          Table.micros(e.getValue().processCpuNanos() / l.count()),
          Table.ratio(l.percentile(50), floor.percentile(50)));
    }
    table.print(out);
  }

  /** The targets, MET or MISSED, for each agent path at each level measured. */
  static void targets(PrintStream out, Map<Integer, Map<Paths, AgentBenchmark.Result>> all) {
    int cpus = Runtime.getRuntime().availableProcessors();
    Table table =
        new Table(
            "Targets (process CPU count: "
                + cpus
                + (cpus == 2 ? ", as the targets assume)" : "; the targets assume 2 cores)"),
            "target",
            "path",
            "concurrency",
            "measured",
            "verdict");
    for (Map.Entry<Integer, Map<Paths, AgentBenchmark.Result>> level : all.entrySet()) {
      Latencies floor = level.getValue().get(Paths.FLOOR).latencies();
      for (Paths path : new Paths[] {Paths.AGENT_REGO, Paths.AGENT_ALLOW_ALL}) {
        Latencies l = level.getValue().get(path).latencies();
        double ratio = l.percentile(50) / (double) floor.percentile(50);
        table.row(
            "p50 <= 2x floor p50",
            path.label(),
            level.getKey().toString(),
            Table.ratio(l.percentile(50), floor.percentile(50)),
            verdict(ratio <= TARGET_P50_RATIO));
        table.row(
            "p99 <= 300 µs",
            path.label(),
            level.getKey().toString(),
            Table.micros(l.percentile(99)) + " µs",
            verdict(l.percentile(99) / 1_000.0 <= TARGET_P99_MICROS));
      }
    }
    Map<Paths, AgentBenchmark.Result> at64 = all.get(TARGET_CONCURRENCY);
    for (Paths path : new Paths[] {Paths.AGENT_REGO, Paths.AGENT_ALLOW_ALL}) {
      if (at64 == null) {
        table.row(
            ">= 20,000 calls/s",
            path.label(),
            "64",
            "not measured",
            "NOT MEASURED (add 64 to --concurrency)");
      } else {
        double perSecond = at64.get(path).latencies().perSecond();
        table.row(
            ">= 20,000 calls/s",
            path.label(),
            "64",
            Table.number(perSecond, 0),
            verdict(perSecond >= TARGET_CALLS_PER_SECOND));
      }
    }
    table.print(out);
  }

  private static String verdict(boolean met) {
    return met ? "MET" : "MISSED";
  }
}
