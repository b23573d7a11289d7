package dev.weft.bench.controller;

import dev.weft.bench.Environment;
import dev.weft.bench.Flags;
import dev.weft.bench.Latencies;
import dev.weft.controller.topology.Changes;
import dev.weft.controller.topology.RouteChange;
import dev.weft.controller.topology.TopologyEngine;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code scripts/bench controller}: drives a {@link TopologyEngine} with the synthetic fabric of
 * {@link Workload} and prints one {@code controller key=value} line per figure. Every timed call is
 * one engine call on this thread; the route changes it returns are built lazily, so the
 * subscription figures are the call alone, and one more figure adds reading every change.
 */
public final class ControllerBenchmark {
  /** The targets. */
  private static final double TARGET_SUBSCRIBE_MICROS = 1_000;

  private static final double TARGET_RECOMPUTE_MILLIS = 1_000;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ControllerBenchmark() {}

  /** Runs the benchmark with {@code flags} and prints the figures to {@code out}. */
  public static void run(Flags flags, PrintStream out) throws InterruptedException {
    boolean quick = flags.bool("quick");
    int nodes = flags.integer("nodes", quick ? 1_000 : 10_000, 2);
    int hubs = flags.integer("hubs", quick ? 10 : 100, 1);
    int subscriptions = flags.integer("subscriptions", quick ? 10_000 : 100_000, 1);
    int names = flags.integer("names", quick ? 2_000 : 20_000, 1);
    int samples = flags.integer("samples", quick ? 1_000 : 10_000, 1);
    int warmup = flags.integer("warmup", quick ? 200 : 2_000, 0);
    int seed = flags.integer("seed", 1, 0);
    String shapeName = flags.string("shape", "hubs");
    Workload.Shape shape =
        switch (shapeName) {
          case "hubs" -> Workload.Shape.HUBS;
          case "random" -> Workload.Shape.RANDOM;
          default ->
              throw new IllegalArgumentException(
                  "--shape: \"" + shapeName + "\" (expected: hubs or random)");
        };
    flags.rejectUnknown();

    Environment.print(
        out,
        String.format(
            Locale.ROOT,
            "controller: topology engine, %,d nodes (%s), %,d subscriptions",
            nodes,
            shape == Workload.Shape.HUBS
                ? hubs + " hubs in a mesh, leaves on one hub each"
                : "a random graph of mean degree 4",
            subscriptions));
    Workload workload = new Workload(shape, nodes, hubs, subscriptions, names, seed);
    describe(out, workload);
    long heapBefore = usedHeapAfterGc();

    TopologyEngine engine = new TopologyEngine();
    long start = System.nanoTime();
    long startCpu = cpu();
    workload.loadTopology(engine);
    long topology = System.nanoTime() - start;
    long topologyCpu = cpu() - startCpu;
    long routeChanges = workload.loadSubscriptions(engine);
    long load = System.nanoTime() - start;
    long loadCpu = cpu() - startCpu;
    line(out, "load_ms", millis(load), "load_cpu_ms", millis(loadCpu));
    line(out, "load_topology_ms", millis(topology), "load_topology_cpu_ms", millis(topologyCpu));
    line(
        out,
        "load_subscriptions_ms",
        millis(load - topology),
        "load_subscriptions_cpu_ms",
        millis(loadCpu - topologyCpu));
    out.printf(Locale.ROOT, "# route changes returned while loading: %,d%n", routeChanges);

    long heapAfter = usedHeapAfterGc();
    line(out, "heap_used_mb", heapAfter / 1048576.0);
    line(out, "heap_engine_mb", (heapAfter - heapBefore) / 1048576.0);

    Random random = new Random(seed + 1L);
    List<String> all = new ArrayList<>(workload.hubs);
    all.addAll(workload.leaves);
    Sampler sampler = new Sampler(engine, workload, all, random);
    sampler.newNames(warmup, false);
    Latencies newName = sampler.newNames(samples, false);
    percentiles(out, "subscribe_new", newName);
    percentiles(out, "subscribe_new_cpu", sampler.lastCpu());
    percentiles(out, "unsubscribe_last", sampler.lastUnsubscribes());
    Latencies materialized = sampler.newNames(Math.max(1, samples / 10), true);
    percentiles(out, "subscribe_new_with_changes", materialized);
    percentiles(out, "subscribe_new_with_changes_cpu", sampler.lastCpu());
    out.printf(
        Locale.ROOT,
        "# a new name changes the route of every other node: %,d route changes per new name%n",
        sampler.lastChangeCount);
    sampler.existingNames(warmup);
    Latencies existing = sampler.existingNames(samples);
    percentiles(out, "subscribe_existing", existing);
    percentiles(out, "subscribe_existing_cpu", sampler.lastCpu());
    percentiles(out, "unsubscribe_existing", sampler.lastUnsubscribes());

    double[] recompute = new double[5];
    double[] recomputeCpu = new double[5];
    int recomputeChanges = 0;
    for (int i = 0; i < recompute.length; i++) {
      long t = System.nanoTime();
      long c = cpu();
      Changes changes = engine.recomputeAll();
      recomputeCpu[i] = millis(cpu() - c);
      recompute[i] = millis(System.nanoTime() - t);
      recomputeChanges += changes.links().size() + changes.routes().size();
    }
    line(out, "recompute_all_ms", median(recompute), "recompute_all_cpu_ms", median(recomputeCpu));
    out.printf(
        "# recomputeAll x5: %s ms (CPU %s ms); changes found: %d (expected 0)%n",
        Arrays.toString(round(recompute)), Arrays.toString(round(recomputeCpu)), recomputeChanges);

    structural(out, engine, workload, random);

    line(out, "routes_leaf_ms", timeRoutes(engine, workload.leaves.getFirst()));
    if (!workload.hubs.isEmpty()) {
      line(out, "routes_hub_ms", timeRoutes(engine, workload.hubs.getFirst()));
    }

    out.printf(
        Locale.ROOT,
        "# target subscribe_new p99 < %.0f us: %s; subscribe_existing p99 < %.0f us: %s;"
            + " recompute_all < %.0f ms: %s%n",
        TARGET_SUBSCRIBE_MICROS,
        newName.percentile(99) / 1e3 < TARGET_SUBSCRIBE_MICROS ? "met" : "MISSED",
        TARGET_SUBSCRIBE_MICROS,
        existing.percentile(99) / 1e3 < TARGET_SUBSCRIBE_MICROS ? "met" : "MISSED",
        TARGET_RECOMPUTE_MILLIS,
        median(recompute) < TARGET_RECOMPUTE_MILLIS ? "met" : "MISSED");
    Environment.printEnd(out);
  }

  /** Link and node changes, each of which recomputes every name of the segment. */
  private static void structural(
      PrintStream out, TopologyEngine engine, Workload workload, Random random) {
    int rounds = 3;
    double[][] wall = new double[4][rounds];
    double[][] cpu = new double[4][rounds];
    long changes = 0;
    for (int i = 0; i < rounds; i++) {
      String a = workload.leaves.get(random.nextInt(workload.leaves.size()));
      String b = workload.leaves.get(random.nextInt(workload.leaves.size()));
      while (b.equals(a) || linked(engine, a, b)) {
        b = workload.leaves.get(random.nextInt(workload.leaves.size()));
      }
      String x = a;
      String y = b;
      changes += timed(wall[0], cpu[0], i, () -> engine.addLink(x, y));
      changes += timed(wall[1], cpu[1], i, () -> engine.removeLink(x, y));

      // The leaf's explicit link to its hub stays, so it is linked again when it comes back up.
      String leaf = workload.leaves.get(random.nextInt(workload.leaves.size()));
      var subscriptions = engine.subscriptions(leaf);
      changes += timed(wall[2], cpu[2], i, () -> engine.nodeDown(leaf));
      changes += timed(wall[3], cpu[3], i, () -> engine.nodeUp(leaf, Workload.DOMAIN));
      engine.replaceSubscriptions(leaf, subscriptions);
    }
    String[] what = {"link_add", "link_remove", "node_down", "node_up"};
    for (int k = 0; k < what.length; k++) {
      line(out, what[k] + "_ms", median(wall[k]), what[k] + "_cpu_ms", median(cpu[k]));
    }
    out.printf(
        Locale.ROOT,
        "# %d rounds of link add/remove between two leaves and leaf down/up: %,d route changes in"
            + " all%n",
        rounds,
        changes);
  }

  private static boolean linked(TopologyEngine engine, String a, String b) {
    return engine.links(a).stream().anyMatch(l -> l.peer().equals(b));
  }

  /** Runs {@code call}, records its wall and CPU milliseconds; returns its route change count. */
  private static int timed(
      double[] wall, double[] cpu, int i, java.util.function.Supplier<Changes> call) {
    long t = System.nanoTime();
    long c = cpu();
    Changes changes = call.get();
    cpu[i] = millis(cpu() - c);
    wall[i] = millis(System.nanoTime() - t);
    return changes.routes().size();
  }

  private static double timeRoutes(TopologyEngine engine, String node) {
    double[] times = new double[5];
    int size = 0;
    for (int i = 0; i < times.length; i++) {
      long t = System.nanoTime();
      size += engine.routes(node).size();
      times[i] = millis(System.nanoTime() - t);
    }
    if (size == 0) {
      throw new IllegalStateException("routes(" + node + "): none");
    }
    return median(times);
  }

  /** Times subscriptions and their undoing. */
  private static final class Sampler {
    private final TopologyEngine engine;
    private final Workload workload;
    private final List<String> nodes;
    private final Random random;
    private long[] unsubscribes = new long[0];
    private long[] cpuTimes = new long[0];
    private int fresh;
    int lastChangeCount;
    long sink;

    Sampler(TopologyEngine engine, Workload workload, List<String> nodes, Random random) {
      this.engine = engine;
      this.workload = workload;
      this.nodes = nodes;
      this.random = random;
    }

    /** {@code count} subscriptions of a name nobody subscribes yet, each then withdrawn. */
    Latencies newNames(int count, boolean readChanges) {
      long[] times = new long[count];
      cpuTimes = new long[count];
      unsubscribes = new long[count];
      long begin = System.nanoTime();
      for (int i = 0; i < count; i++) {
        String node = nodes.get(random.nextInt(nodes.size()));
        String name = "bench/new/n" + fresh++;
        long c = cpu();
        long t = System.nanoTime();
        Changes changes = engine.subscribe(node, name);
        if (readChanges) {
          for (RouteChange change : changes.routes()) {
            sink += change.nextHops().size();
          }
        }
        times[i] = System.nanoTime() - t;
        cpuTimes[i] = cpu() - c;
        lastChangeCount = changes.routes().size();
        t = System.nanoTime();
        engine.unsubscribe(node, name);
        unsubscribes[i] = System.nanoTime() - t;
      }
      return count == 0 ? null : Latencies.of(times, System.nanoTime() - begin);
    }

    /** {@code count} subscriptions of a loaded name on a node that lacks it, each withdrawn. */
    Latencies existingNames(int count) {
      long[] times = new long[count];
      cpuTimes = new long[count];
      unsubscribes = new long[count];
      long begin = System.nanoTime();
      for (int i = 0; i < count; i++) {
        String[] loaded = workload.subscriptions.get(random.nextInt(workload.subscriptions.size()));
        String name = loaded[1];
        String node = nodes.get(random.nextInt(nodes.size()));
        while (workload.subscribed.contains(node + " " + name)) {
          node = nodes.get(random.nextInt(nodes.size()));
        }
        long c = cpu();
        long t = System.nanoTime();
        engine.subscribe(node, name);
        times[i] = System.nanoTime() - t;
        cpuTimes[i] = cpu() - c;
        t = System.nanoTime();
        engine.unsubscribe(node, name);
        unsubscribes[i] = System.nanoTime() - t;
      }
      return count == 0 ? null : Latencies.of(times, System.nanoTime() - begin);
    }

    Latencies lastUnsubscribes() {
      return Latencies.of(unsubscribes, 0);
    }

    /** The thread CPU time of each call of the last series. */
    Latencies lastCpu() {
      return Latencies.of(cpuTimes, 0);
    }
  }

  private static void describe(PrintStream out, Workload workload) {
    Map<String, Integer> perName = new HashMap<>();
    for (String[] s : workload.subscriptions) {
      perName.merge(s[1], 1, Integer::sum);
    }
    int max = perName.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    long single = perName.values().stream().filter(c -> c == 1).count();
    out.printf(
        Locale.ROOT,
        "# workload: %,d nodes, %,d links (PAIRS, %s), %,d subscriptions on %,d names (%,d with"
            + " one subscriber node, the largest on %,d nodes)%n",
        workload.nodes(),
        workload.links.size(),
        workload.shape == Workload.Shape.HUBS
            ? workload.hubs.size() + " hubs in a mesh, " + workload.leaves.size() + " leaves"
            : "random, mean degree 4",
        workload.subscriptions.size(),
        perName.size(),
        single,
        max);
  }

  private static void percentiles(PrintStream out, String what, Latencies latencies) {
    out.printf(
        Locale.ROOT,
        "controller %s_p50_us=%.1f %s_p99_us=%.1f %s_max_us=%.1f samples=%d%n",
        what,
        latencies.percentile(50) / 1e3,
        what,
        latencies.percentile(99) / 1e3,
        what,
        latencies.max() / 1e3,
        latencies.count());
  }

  private static void line(PrintStream out, String key, double value) {
    out.printf(Locale.ROOT, "controller %s=%.1f%n", key, value);
  }

  private static void line(
      PrintStream out, String key, double value, String cpuKey, double cpuValue) {
    out.printf(Locale.ROOT, "controller %s=%.1f %s=%.1f%n", key, value, cpuKey, cpuValue);
  }

  /** This thread's CPU time in nanoseconds. */
  private static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String[] round(double[] values) {
    return Arrays.stream(values)
        .mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
        .toArray(String[]::new);
  }
}
