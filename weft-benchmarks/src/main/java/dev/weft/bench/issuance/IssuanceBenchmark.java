package dev.weft.bench.issuance;

import dev.weft.trust.ca.CaException;
import dev.weft.trust.ca.CertificateAuthority;
import dev.weft.trust.ca.SigningBackend;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: X.509-SVID issuance throughput of {@link CertificateAuthority#signX509Svid} with an EC P-256
 * CA, a fresh P-256 workload key per call (from a pre-generated pool), for each {@link
 * SigningBackend} named in {@link #backend}, opened with {@link CertificateAuthority#open(
 * dev.weft.trust.ca.CaConfig, dev.weft.trust.ca.KeyManager, java.nio.file.Path, java.time.Clock,
 * SigningBackend)}. Run it through {@link IssuanceRun} ({@code scripts/bench issuance}), which also
 * measures CPU time directly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IssuanceBenchmark {
  /** The {@link SigningBackend} constant to sign with. */
  @Param({"AUTO", "JCA_DEFAULT"})
  public String backend;

  /** How many workload keys are pre-generated and signed in turn. */
  @Param({"1024"})
  public int keyPool;

  private IssuanceFixture fixture;

  /** Creates the CA and the key pool (not measured). */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = IssuanceFixture.open(SigningBackend.valueOf(backend), keyPool);
  }

  /** Deletes the CA's temporary directory. */
  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  /** One issuance; the chain is returned so that JMH consumes it. */
  @Benchmark
  public List<X509Certificate> issue() throws CaException {
    return fixture.issue();
  }
}
