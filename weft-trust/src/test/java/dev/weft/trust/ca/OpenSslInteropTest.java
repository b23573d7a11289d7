package dev.weft.trust.ca;

import static dev.weft.trust.ca.CaTesting.TD;
import static dev.weft.trust.ca.CaTesting.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.identity.pem.Pem;
import dev.weft.testing.Keys;
import dev.weft.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks issued chains with OpenSSL's own verifier against the bundle written as PEM. OpenSSL must
 * be present in CI (CI=true); elsewhere the tests are skipped without it.
 */
class OpenSslInteropTest {
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");

  @TempDir Path dir;

  @BeforeAll
  static void requireOpenSsl() {
    if (!Files.isExecutable(OPENSSL)) {
      if ("true".equals(System.getenv("CI"))) {
        fail(OPENSSL + " is missing; CI must have OpenSSL (apt-get install openssl)");
      }
      Assumptions.abort(OPENSSL + " is missing");
    }
  }

  @Test
  void selfSignedChainVerifiesForClientAndServerPurposes() throws Exception {
    MutableClock clock = MutableClock.startingNow();
    CertificateAuthority ca = CaTesting.open(KeyManager.memory(), dir, clock);
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of("web.example.org"));
    assertVerifies(chain, ca.bundle().x509Authorities(), clock.instant(), "sslclient");
    assertVerifies(chain, ca.bundle().x509Authorities(), clock.instant(), "sslserver");
    List<X509Certificate> rsaChain =
        ca.signX509Svid(WEB, Keys.rsa2048().getPublic(), Duration.ZERO, List.of());
    assertVerifies(rsaChain, ca.bundle().x509Authorities(), clock.instant(), "sslserver");
  }

  @Test
  void chainOfTheNextCaVerifiesAgainstABundleWithBothRoots() throws Exception {
    MutableClock clock = MutableClock.startingNow();
    CertificateAuthority ca = CaTesting.open(KeyManager.memory(), dir, clock);
    CaStatus.X509Ca first = ca.status().activeX509Ca();
    List<X509Certificate> old =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ofDays(1), List.of());
    clock.set(RotationTest.fiveSixths(first.notBefore(), first.notAfter()).plusSeconds(1));
    ca.rotate();
    ca.rotate();
    assertThat(ca.bundle().x509Authorities()).hasSize(2);
    List<X509Certificate> fresh =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertVerifies(fresh, ca.bundle().x509Authorities(), clock.instant(), "sslclient");
    assertVerifies(old, ca.bundle().x509Authorities(), clock.instant(), "sslclient");
  }

  @Test
  void upstreamChainVerifies() throws Exception {
    MutableClock clock = MutableClock.startingNow();
    UpstreamAuthority upstream = UpstreamTest.upstreamRoot(clock, Duration.ofDays(30));
    CertificateAuthority ca =
        CaTesting.open(
            CaConfig.defaults(TD).withUpstream(upstream), KeyManager.memory(), dir, clock);
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, Keys.ec384().getPublic(), Duration.ZERO, List.of());
    assertThat(chain).hasSize(2);
    assertVerifies(chain, ca.bundle().x509Authorities(), clock.instant(), "sslclient");
  }

  @Test
  void aChainIsRejectedByABundleWithoutItsRoot() throws Exception {
    MutableClock clock = MutableClock.startingNow();
    CertificateAuthority ca = CaTesting.open(KeyManager.memory(), dir, clock);
    CertificateAuthority other =
        CertificateAuthority.open(
            CaConfig.defaults(TD), KeyManager.memory(), dir.resolve("other.json"), clock);
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    Result result = verify(chain, other.bundle().x509Authorities(), clock.instant(), "sslclient");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("unable to get local issuer certificate");
  }

  private void assertVerifies(
      List<X509Certificate> chain, List<X509Certificate> roots, Instant at, String purpose)
      throws Exception {
    Result result = verify(chain, roots, at, purpose);
    assertThat(result.output()).as("openssl verify output").endsWith("leaf.pem: OK\n");
    assertThat(result.exitCode()).isZero();
  }

  private Result verify(
      List<X509Certificate> chain, List<X509Certificate> roots, Instant at, String purpose)
      throws Exception {
    Path bundle = Files.writeString(dir.resolve("bundle.pem"), Pem.writeCertificates(roots));
    Path leaf =
        Files.writeString(
            dir.resolve("leaf.pem"), Pem.writeCertificates(List.of(chain.getFirst())));
    List<String> command =
        new ArrayList<>(
            List.of(
                OPENSSL.toString(),
                "verify",
                "-x509_strict",
                "-purpose",
                purpose,
                "-attime",
                Long.toString(at.getEpochSecond()),
                "-CAfile",
                bundle.toString()));
    if (chain.size() > 1) {
      Path untrusted =
          Files.writeString(
              dir.resolve("untrusted.pem"), Pem.writeCertificates(chain.subList(1, chain.size())));
      command.addAll(List.of("-untrusted", untrusted.toString()));
    }
    command.add(leaf.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exitCode, String output) {}
}
