package dev.weft.bench.issuance;

import dev.weft.bench.Environment;
import dev.weft.bench.Flags;
import dev.weft.bench.Table;
import dev.weft.trust.ca.SigningBackend;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code scripts/bench issuance}: X.509-SVID issuance per CPU-second with an EC P-256 CA, Weft's
 * signing path ({@link SigningBackend#AUTO}) against the JDK's default provider ({@link
 * SigningBackend#JCA_DEFAULT}) in the same run.
 *
 * <p>Two measurements: JMH throughput on one thread in a forked JVM ({@link IssuanceBenchmark}),
 * and, in this JVM, the benchmark thread's CPU time ({@link ThreadMXBean}) around a fixed number of
 * issuances, in rounds that alternate the backends. The process's CPU time over the same rounds is
 * printed as well: it adds the garbage collector's and the JIT compiler's threads.
 */
public final class IssuanceRun {
  private static final List<SigningBackend> BACKENDS =
      List.of(SigningBackend.AUTO, SigningBackend.JCA_DEFAULT);
  private static final double TARGET_PER_CPU_SECOND = 10_000;

  private IssuanceRun() {}

  /** What the direct CPU measurement found for one backend, summed over the rounds. */
  private static final class CpuTotals {
    long issuances;
    long threadCpuNanos;
    long processCpuNanos;
    long wallNanos;
    double bestPerCpuSecond;
    double worstPerCpuSecond = Double.MAX_VALUE;
  }

  /** Runs the benchmark with {@code flags} and prints the summary to {@code out}. */
  public static void run(Flags flags, PrintStream out) throws Exception {
    boolean jmh = !flags.string("jmh", "yes").equals("no");
    int forks = flags.integer("forks", 1, 1);
    int warmupIterations = flags.integer("warmup-iterations", 5, 0);
    int warmupSeconds = flags.integer("warmup-seconds", 3, 1);
    int iterations = flags.integer("iterations", 5, 1);
    int seconds = flags.integer("seconds", 2, 1);
    int keyPool = flags.integer("key-pool", 1024, 1);
    int cpuWarmup = flags.integer("cpu-warmup", 20_000, 0);
    int cpuIssuances = flags.integer("cpu-issuances", 20_000, 1);
    int cpuRounds = flags.integer("cpu-rounds", 3, 1);
    flags.rejectUnknown();

    Environment.print(
        out, "issuance: X.509-SVID issuance, EC P-256 CA, fresh P-256 key per call, 1 thread");
    Map<SigningBackend, double[]> jmhScores = new EnumMap<>(SigningBackend.class);
    if (jmh) {
      jmhScores = runJmh(forks, warmupIterations, warmupSeconds, iterations, seconds, keyPool);
    }
    out.println(
        "# direct CPU measurement: "
            + cpuRounds
            + " rounds x "
            + cpuIssuances
            + " issuances per backend after "
            + cpuWarmup
            + " warm-up issuances, backends alternating");
    Map<SigningBackend, CpuTotals> cpu =
        measureCpu(keyPool, cpuWarmup, cpuIssuances, cpuRounds, out);
    print(out, jmhScores, cpu);
    Environment.printEnd(out);
  }

  private static Map<SigningBackend, double[]> runJmh(
      int forks, int warmupIterations, int warmupSeconds, int iterations, int seconds, int keyPool)
      throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(IssuanceBenchmark.class.getName() + ".issue$")
            .param("backend", BACKENDS.stream().map(Enum::name).toArray(String[]::new))
            .param("keyPool", Integer.toString(keyPool))
            .forks(forks)
            .threads(1)
            .warmupIterations(warmupIterations)
            .warmupTime(TimeValue.seconds(warmupSeconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<SigningBackend, double[]> scores = new EnumMap<>(SigningBackend.class);
    for (RunResult result : results) {
      SigningBackend backend = SigningBackend.valueOf(result.getParams().getParam("backend"));
      scores.put(
          backend,
          new double[] {
            result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()
          });
    }
    return scores;
  }

  private static Map<SigningBackend, CpuTotals> measureCpu(
      int keyPool, int warmup, int issuances, int rounds, PrintStream out) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<SigningBackend, IssuanceFixture> fixtures = new EnumMap<>(SigningBackend.class);
    Map<SigningBackend, CpuTotals> totals = new EnumMap<>(SigningBackend.class);
    try {
      for (SigningBackend backend : BACKENDS) {
        IssuanceFixture fixture = IssuanceFixture.open(backend, keyPool);
        fixtures.put(backend, fixture);
        totals.put(backend, new CpuTotals());
        checkIssued(fixture, backend);
        for (int i = 0; i < warmup; i++) {
          fixture.issue();
        }
      }
      for (int round = 1; round <= rounds; round++) {
        for (SigningBackend backend : BACKENDS) {
          IssuanceFixture fixture = fixtures.get(backend);
          long wall = System.nanoTime();
          long process = os.getProcessCpuTime();
          long thread = threads.getCurrentThreadCpuTime();
          int sink = 0;
          for (int i = 0; i < issuances; i++) {
            sink += fixture.issue().size();
          }
          thread = threads.getCurrentThreadCpuTime() - thread;
          process = os.getProcessCpuTime() - process;
          wall = System.nanoTime() - wall;
          if (sink != issuances) {
            throw new IllegalStateException(
                "issued " + sink + " chains (expected: " + issuances + ")");
          }
          CpuTotals t = totals.get(backend);
          t.issuances += issuances;
          t.threadCpuNanos += thread;
          t.processCpuNanos += process;
          t.wallNanos += wall;
          double perCpuSecond = issuances / (thread / 1e9);
          t.bestPerCpuSecond = Math.max(t.bestPerCpuSecond, perCpuSecond);
          t.worstPerCpuSecond = Math.min(t.worstPerCpuSecond, perCpuSecond);
          out.printf(
              "#   round %d %-11s %,9.0f issuances per thread-CPU-second (wall %,.0f/s)%n",
              round, backend, perCpuSecond, issuances / (wall / 1e9));
        }
      }
    } finally {
      fixtures.values().forEach(IssuanceFixture::close);
    }
    return totals;
  }

  /** Fails unless the backend's SVID verifies against the CA's root: no figures for bad output. */
  private static void checkIssued(IssuanceFixture fixture, SigningBackend backend)
      throws Exception {
    List<X509Certificate> chain = fixture.issue();
    X509Certificate root = fixture.ca().bundle().x509Authorities().getFirst();
    chain.getFirst().verify(root.getPublicKey());
    if (!chain.getFirst().getSigAlgName().equals("SHA256withECDSA")) {
      throw new IllegalStateException(
          backend
              + ": signature algorithm "
              + chain.getFirst().getSigAlgName()
              + " (expected: SHA256withECDSA)");
    }
  }

  private static void print(
      PrintStream out, Map<SigningBackend, double[]> jmh, Map<SigningBackend, CpuTotals> cpu) {
    Table table =
        new Table(
            "X.509-SVID issuance, EC P-256 CA, fresh P-256 workload key per call, 1 thread",
            "signing backend",
            "JMH ops/s",
            "thread CPU/issuance",
            "issuances/CPU-s",
            "range over rounds",
            "process CPU/issuance");
    for (SigningBackend backend : BACKENDS) {
      double[] score = jmh.get(backend);
      CpuTotals t = cpu.get(backend);
      table.row(
          label(backend),
          score == null
              ? "(not run)"
              : Table.number(score[0], 0) + " ± " + Table.number(score[1], 0),
          Table.micros(t.threadCpuNanos / t.issuances) + " µs",
          Table.number(perCpuSecond(t), 0),
          Table.number(t.worstPerCpuSecond, 0) + "-" + Table.number(t.bestPerCpuSecond, 0),
          Table.micros(t.processCpuNanos / t.issuances) + " µs");
    }
    CpuTotals weft = cpu.get(SigningBackend.AUTO);
    CpuTotals jdk = cpu.get(SigningBackend.JCA_DEFAULT);
    double[] weftJmh = jmh.get(SigningBackend.AUTO);
    double[] jdkJmh = jmh.get(SigningBackend.JCA_DEFAULT);
    table.row(
        "ratio AUTO / JCA_DEFAULT",
        weftJmh == null || jdkJmh == null ? "" : Table.ratio(weftJmh[0], jdkJmh[0]),
        "",
        Table.ratio(perCpuSecond(weft), perCpuSecond(jdk)));
    table.print(out);
    double achieved = perCpuSecond(weft);
    out.printf(
        "target: >= %,.0f X.509-SVID issuances per CPU-second with AUTO: %s (%,.0f)%n",
        TARGET_PER_CPU_SECOND, achieved >= TARGET_PER_CPU_SECOND ? "MET" : "NOT MET", achieved);
    out.println(
        "(issuances/CPU-s = issuances / CPU time of the issuing thread; process CPU adds GC"
            + " and JIT threads; JMH ops/s is single-threaded wall-clock throughput in a forked JVM)");
  }

  private static String label(SigningBackend backend) {
    return switch (backend) {
      case AUTO -> "AUTO (Weft: Bouncy Castle low-level ECDSA)";
      case JCA_DEFAULT -> "JCA_DEFAULT (JDK SunEC, baseline)";
      case JCA_BOUNCY_CASTLE -> "JCA_BOUNCY_CASTLE (Bouncy Castle JCA)";
    };
  }

  private static double perCpuSecond(CpuTotals t) {
    return t.issuances / (t.threadCpuNanos / 1e9);
  }
}
