package dev.weft.bench.handshake;

import dev.weft.bench.Environment;
import dev.weft.bench.Flags;
import dev.weft.bench.Table;
import dev.weft.bench.domain.BenchDomain;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench handshake}: server CPU per full mutual-TLS handshake with X.509-SVIDs,
 * Weft's {@code SpiffeTls} contexts against plain JSSE with the JDK's default key and trust manager
 * factories over the same certificates, in the same run.
 *
 * <p>The SVIDs come from a real in-process trust server and node agent: two workloads ({@code
 * /bench/server} and {@code /bench/client}) are registered for this process, and one {@link
 * SvidSource} per side selects its SVID by ID. Batches alternate between the two variants; every
 * measured handshake must have verified the peer on both sides (counted), so none was resumed.
 */
public final class HandshakeBenchmark {
  private static final SpiffeId SERVER_ID = BenchDomain.id("/bench/server");
  private static final SpiffeId CLIENT_ID = BenchDomain.id("/bench/client");

  private HandshakeBenchmark() {}

  /** Sums of the batches of one variant. */
  private static final class Totals {
    long count;
    long serverCpu;
    long clientCpu;
    long wall;
    String session;
  }

  /** Runs the benchmark with {@code flags} and prints the summary to {@code out}. */
  public static void run(Flags flags, PrintStream out) throws Exception {
    int handshakes = flags.integer("handshakes", 2_000, 1);
    int rounds = flags.integer("rounds", 3, 1);
    int warmup = flags.integer("warmup", 2_000, 0);
    flags.rejectUnknown();

    Environment.print(out, "handshake: server CPU per full mTLS handshake with X.509-SVIDs");
    try (BenchDomain domain = BenchDomain.start(List.of("/bench/server", "/bench/client"));
        SvidSource serverSource = source(domain, SERVER_ID);
        SvidSource clientSource = source(domain, CLIENT_ID)) {
      TrustBundle bundle =
          serverSource.current().bundles().get(BenchDomain.TRUST_DOMAIN).orElseThrow();
      var serverSvid = serverSource.current().svid();
      var clientSvid = clientSource.current().svid();
      out.printf(
          "# SVIDs from the agent: %s and %s (%s keys, chains of %d), %d root(s)%n",
          serverSvid.id(),
          clientSvid.id(),
          serverSvid.leaf().getPublicKey().getAlgorithm(),
          serverSvid.chain().size(),
          bundle.x509Authorities().size());
      Map<Variant, Totals> totals = new LinkedHashMap<>();
      totals.put(Variant.spiffe(serverSource, SERVER_ID, clientSource, CLIENT_ID), new Totals());
      totals.put(Variant.plainJsse(serverSvid, clientSvid, bundle), new Totals());
      for (Variant variant : totals.keySet()) {
        out.printf("# warm-up: %,d handshakes, %s%n", warmup, variant.label());
        check(variant, Handshakes.run(variant, Math.max(warmup, 1)));
      }
      for (int round = 1; round <= rounds; round++) {
        for (Map.Entry<Variant, Totals> e : totals.entrySet()) {
          Handshakes.Batch batch = check(e.getKey(), Handshakes.run(e.getKey(), handshakes));
          Totals t = e.getValue();
          t.count += batch.count();
          t.serverCpu += batch.serverCpuNanos();
          t.clientCpu += batch.clientCpuNanos();
          t.wall += batch.wallNanos();
          t.session = batch.session();
          out.printf(
              "#   round %d %-62s server CPU %,7.1f µs/handshake, %,6.0f handshakes/s%n",
              round,
              e.getKey().label(),
              batch.serverCpuNanos() / 1e3 / batch.count(),
              batch.count() / (batch.wallNanos() / 1e9));
        }
      }
      print(out, rounds, handshakes, totals);
    }
    Environment.printEnd(out);
  }

  private static SvidSource source(BenchDomain domain, SpiffeId id) throws Exception {
    return SvidSource.start(
        WorkloadApiEndpoint.ofSocket(domain.workloadSocket()),
        SvidSourceConfig.builder().svidSelector(SvidSelector.byId(id)).build());
  }

  /** Fails unless both sides verified their peer on every handshake of the batch. */
  private static Handshakes.Batch check(Variant variant, Handshakes.Batch batch) {
    long server = variant.serverChecks().getAndSet(0);
    long client = variant.clientChecks().getAndSet(0);
    if (server != batch.count() || client != batch.count()) {
      throw new IllegalStateException(
          variant.label()
              + ": "
              + batch.count()
              + " handshakes but "
              + server
              + " client and "
              + client
              + " server verifications (expected: one each per"
              + " handshake; were sessions resumed?)");
    }
    if (!batch.session().endsWith(CLIENT_ID.toString())) {
      throw new IllegalStateException(
          variant.label() + ": " + batch.session() + " (expected: client " + CLIENT_ID + ")");
    }
    return batch;
  }

  private static void print(
      PrintStream out, int rounds, int handshakes, Map<Variant, Totals> totals) {
    Table table =
        new Table(
            String.format(
                "Full mTLS handshakes with X.509-SVIDs, 127.0.0.1, one at a time, %d rounds x %,d",
                rounds, handshakes),
            "server and client contexts",
            "server CPU/handshake",
            "server handshakes/CPU-s",
            "client CPU/handshake",
            "handshakes/s");
    List<Totals> t = List.copyOf(totals.values());
    List<Variant> v = List.copyOf(totals.keySet());
    for (int i = 0; i < v.size(); i++) {
      Totals x = t.get(i);
      table.row(
          v.get(i).label() + (i == 0 ? "" : " (baseline)"),
          Table.micros(x.serverCpu / x.count) + " µs",
          Table.number(x.count / (x.serverCpu / 1e9), 0),
          Table.micros(x.clientCpu / x.count) + " µs",
          Table.number(x.count / (x.wall / 1e9), 0));
    }
    Totals weft = t.get(0);
    Totals jsse = t.get(1);
    table.row(
        "ratio Weft / plain JSSE",
        Table.ratio((double) weft.serverCpu / weft.count, (double) jsse.serverCpu / jsse.count),
        Table.ratio(weft.count / (weft.serverCpu / 1e9), jsse.count / (jsse.serverCpu / 1e9)),
        Table.ratio((double) weft.clientCpu / weft.count, (double) jsse.clientCpu / jsse.count),
        Table.ratio(weft.count / (weft.wall / 1e9), jsse.count / (jsse.wall / 1e9)));
    table.print(out);
    for (int i = 0; i < v.size(); i++) {
      out.println("# " + v.get(i).label() + ": " + t.get(i).session);
    }
    out.println(
        "(server CPU = CPU time of the thread that accepts, handshakes, writes one byte and"
            + " closes; every handshake verified the peer on both sides, none was resumed)");
  }
}
