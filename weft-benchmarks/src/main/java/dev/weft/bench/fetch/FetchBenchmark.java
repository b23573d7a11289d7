package dev.weft.bench.fetch;

import dev.weft.bench.Environment;
import dev.weft.bench.Flags;
import dev.weft.bench.Latencies;
import dev.weft.bench.Table;
import dev.weft.bench.domain.BenchDomain;
import dev.weft.proto.workload.WorkloadProto;
import dev.weft.testing.TempSockets;
import dev.weft.trust.uds.UnixSocketServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code scripts/bench fetch}: latency of {@code FetchX509SVID} as java-spiffe sees it, against a
 * real in-process trust server and node agent over a unix socket, with Weft's own client and raw
 * gRPC stubs as baselines in the same run.
 *
 * <p>For each concurrency level, each client kind gets fresh clients (one per thread, as separate
 * workloads would have), warms up, then makes the measured calls back to back on every thread; each
 * call's latency is recorded. The process's CPU time over the measured calls is printed per call:
 * client, agent and transport together, since all run in this process.
 */
public final class FetchBenchmark {
  private static final String WORKLOAD = "/bench/workload";
  private static final double TARGET_P50_MICROS = 1_000;

  /** java-spiffe logs every client close at INFO through java.util.logging; kept strongly. */
  private static final Logger JAVA_SPIFFE_LOG = Logger.getLogger("io.spiffe");

  private FetchBenchmark() {}

  /** One measured run of one client kind. */
  private record Result(Latencies latencies, long processCpuNanos) {}

  /** Runs the benchmark with {@code flags} and prints the summary to {@code out}. */
  public static void run(Flags flags, PrintStream out) throws Exception {
    int calls = flags.integer("calls", 5_000, 1);
    int warmup = flags.integer("warmup", 2_000, 0);
    int initialWarmup = flags.integer("initial-warmup", 5_000, 0);
    List<Integer> levels = flags.integers("concurrency", List.of(1, 2, 4));
    Set<Clients> clients =
        Clients.parse(flags.string("clients", "java-spiffe,weft,raw-agent,raw-canned"));
    flags.rejectUnknown();
    JAVA_SPIFFE_LOG.setLevel(Level.WARNING);

    Environment.print(
        out, "fetch: FetchX509SVID latency, in-process trust server + node agent, unix socket");
    try (BenchDomain domain = BenchDomain.start(List.of(WORKLOAD));
        TempSockets canned = new TempSockets()) {
      Path agentSocket = domain.workloadSocket();
      WorkloadProto.X509SVIDResponse answer;
      try (Clients.RawFetcher raw = new Clients.RawFetcher(agentSocket)) {
        answer = raw.first();
      }
      out.printf(
          "# the agent's answer: %d SVID(s), %,d bytes%n",
          answer.getSvidsCount(), answer.getSerializedSize());
      try (UnixSocketServer cannedServer =
          UnixSocketServer.start(
              canned.socket("canned.sock"),
              PosixFilePermissions.fromString("rw-------"),
              List.of(new CannedWorkloadApi(answer).bindService()))) {
        Map<Clients, Path> sockets = new EnumMap<>(Clients.class);
        for (Clients kind : Clients.values()) {
          sockets.put(kind, kind == Clients.RAW_CANNED ? cannedServer.socket() : agentSocket);
        }
        String expected = BenchDomain.id(WORKLOAD).toString();
        // The first level would otherwise be measured while the JIT still compiles the client,
        // gRPC and agent code paths.
        for (Clients kind : clients) {
          out.printf(
              "# initial warm-up: %-36s %,d calls on 1 client, not measured%n",
              kind.label(), initialWarmup);
          measure(kind, sockets.get(kind), expected, 1, initialWarmup, 1);
        }
        for (int concurrency : levels) {
          Map<Clients, Result> results = new EnumMap<>(Clients.class);
          for (Clients kind : clients) {
            out.printf(
                "# %-36s %d client(s): %,d warm-up + %,d measured calls...%n",
                kind.label(), concurrency, warmup, calls);
            results.put(
                kind, measure(kind, sockets.get(kind), expected, concurrency, warmup, calls));
          }
          print(out, concurrency, warmup, calls, results);
        }
      }
    }
    Environment.printEnd(out);
  }

  private static Result measure(
      Clients kind, Path socket, String expectedId, int concurrency, int warmup, int calls)
      throws Exception {
    List<Fetcher> fetchers = new ArrayList<>();
    try {
      for (int i = 0; i < concurrency; i++) {
        Fetcher fetcher = kind.open(socket);
        fetchers.add(fetcher);
        String id = fetcher.fetchId();
        if (!id.equals(expectedId)) {
          throw new IllegalStateException(
              kind + ": fetched " + id + " (expected: " + expectedId + ")");
        }
      }
      runCalls(fetchers, warmup, new long[warmup]);
      long[] samples = new long[calls];
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu = os.getProcessCpuTime();
      long wall = runCalls(fetchers, calls, samples);
      cpu = os.getProcessCpuTime() - cpu;
      return new Result(Latencies.of(samples, wall), cpu);
    } finally {
      fetchers.forEach(Fetcher::close);
    }
  }

  /**
   * Makes {@code calls} calls spread over one platform thread per fetcher, recording each call's
   * latency in {@code samples}; returns the wall time from the start signal to the last answer.
   */
  private static long runCalls(List<Fetcher> fetchers, int calls, long[] samples) throws Exception {
    int threads = fetchers.size();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Fetcher fetcher = fetchers.get(t);
      int from = (int) ((long) calls * t / threads);
      int to = (int) ((long) calls * (t + 1) / threads);
      workers.add(
          Thread.ofPlatform()
              .name("bench-client-" + t)
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                      for (int i = from; i < to; i++) {
                        long start = System.nanoTime();
                        fetcher.fetch();
                        samples[i] = System.nanoTime() - start;
                      }
                    } catch (Exception e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long wall = System.nanoTime() - start;
    if (failure.get() != null) {
      throw failure.get();
    }
    return wall;
  }

  private static void print(
      PrintStream out, int concurrency, int warmup, int calls, Map<Clients, Result> results) {
    Table table =
        new Table(
            String.format(
                "FetchX509SVID, %d concurrent client(s), %,d calls after %,d warm-up calls",
                concurrency, calls, warmup),
            "client -> server",
            "p50 µs",
            "p90 µs",
            "p99 µs",
            "max µs",
            "calls/s",
            "process CPU/call µs");
    for (Map.Entry<Clients, Result> e : results.entrySet()) {
      Latencies l = e.getValue().latencies();
      table.row(
          e.getKey().label() + (e.getKey() == Clients.JAVA_SPIFFE ? "" : " (baseline)"),
          Table.micros(l.percentile(50)),
          Table.micros(l.percentile(90)),
          Table.micros(l.percentile(99)),
          Table.micros(l.max()),
          Table.number(l.perSecond(), 0),
          Table.micros(e.getValue().processCpuNanos() / l.count()));
    }
    ratio(table, "ratio java-spiffe / Weft client", results, Clients.JAVA_SPIFFE, Clients.WEFT);
    ratio(
        table,
        "ratio java-spiffe / raw stub (agent)",
        results,
        Clients.JAVA_SPIFFE,
        Clients.RAW_AGENT);
    ratio(
        table,
        "ratio raw stub: agent / canned server",
        results,
        Clients.RAW_AGENT,
        Clients.RAW_CANNED);
    table.print(out);
    if (concurrency == 1 && results.containsKey(Clients.JAVA_SPIFFE)) {
      double p50 = results.get(Clients.JAVA_SPIFFE).latencies().percentile(50) / 1_000.0;
      out.printf(
          "target: java-spiffe FetchX509SVID p50 <= %,.0f µs (1 client): %s (%,.1f µs)%n%n",
          TARGET_P50_MICROS, p50 <= TARGET_P50_MICROS ? "MET" : "NOT MET", p50);
    }
  }

  private static void ratio(
      Table table, String label, Map<Clients, Result> results, Clients a, Clients b) {
    if (!results.containsKey(a) || !results.containsKey(b)) {
      return;
    }
    Latencies x = results.get(a).latencies();
    Latencies y = results.get(b).latencies();
    table.row(
        label,
        Table.ratio(x.percentile(50), y.percentile(50)),
        Table.ratio(x.percentile(90), y.percentile(90)),
        Table.ratio(x.percentile(99), y.percentile(99)),
        "",
        Table.ratio(x.perSecond(), y.perSecond()),
        Table.ratio(
            results.get(a).processCpuNanos() / (double) x.count(),
            results.get(b).processCpuNanos() / (double) y.count()));
  }
}
