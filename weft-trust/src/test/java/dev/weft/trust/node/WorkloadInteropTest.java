package dev.weft.trust.node;

import static dev.weft.trust.server.TrustPlane.TD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.Certificates;
import dev.weft.trust.server.TrustPlane;
import io.spiffe.bundle.jwtbundle.JwtBundle;
import io.spiffe.exception.JwtSvidException;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.jwtsvid.JwtSvid;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import io.spiffe.workloadapi.DefaultJwtSource;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.JwtSourceOptions;
import io.spiffe.workloadapi.WorkloadApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients nobody here wrote (java-spiffe, OpenSSL) against the real node agent of a real trust
 * server: the SVIDs they get verify against the bundle the server publishes.
 */
class WorkloadInteropTest {
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final SpiffeId WORKLOAD = SpiffeId.parse("spiffe://example.org/workload");

  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane plane;

  @BeforeEach
  void start() throws Exception {
    plane = TrustPlane.startWithAgent(clock);
    plane.createWorkloadEntry("/workload");
    plane.awaitX509Svids();
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  void x509SourceGetsAnSvidThatVerifiesAgainstTheServersBundle() throws Exception {
    TrustBundle published = plane.bundle();
    try (DefaultX509Source source = plane.x509Source()) {
      X509Svid svid = source.getX509Svid();
      assertThat(svid.getSpiffeId()).isEqualTo(WORKLOAD);
      assertThat(source.getBundleForTrustDomain(TrustDomain.parse(TD.name())).getX509Authorities())
          .containsExactlyInAnyOrderElementsOf(published.x509Authorities());
      X509SvidValidator.verifyChain(svid.getChain(), source);
      X509Certificate root =
          Certificates.verifyPkix(svid.getChain(), published.x509Authorities(), clock.instant());
      assertThat(published.x509Authorities()).contains(root);
      assertThat(plane.agent().snapshot().identities())
          .extracting(identity -> identity.svid().leaf())
          .containsExactly(svid.getLeaf());
    }
  }

  @Test
  void jwtSourceGetsAJwtSvidThatValidatesWithItsBundles() throws Exception {
    try (var source =
        DefaultJwtSource.newSource(
            JwtSourceOptions.builder()
                .spiffeSocketPath(plane.spiffeSocket())
                .initTimeout(TrustPlane.WAIT)
                .build())) {
      JwtSvid fetched = source.fetchJwtSvid("db");
      assertThat(fetched.getSpiffeId()).isEqualTo(WORKLOAD);
      assertThat(fetched.getAudience()).containsExactly("db");

      JwtSvid validated = JwtSvid.parseAndValidate(fetched.getToken(), source, Set.of("db"));
      assertThat(validated.getSpiffeId()).isEqualTo(WORKLOAD);
      JwtBundle bundle = source.getBundleForTrustDomain(TrustDomain.parse(TD.name()));
      assertThat(bundle.getJwtAuthorities().keySet())
          .containsExactlyInAnyOrderElementsOf(plane.bundle().jwtAuthorities().keySet());
    }
  }

  @Test
  void theAgentValidatesJwtSvidsForTheClient() throws Exception {
    try (WorkloadApiClient client =
        DefaultWorkloadApiClient.newClient(
            DefaultWorkloadApiClient.ClientOptions.builder()
                .spiffeSocketPath(plane.spiffeSocket())
                .build())) {
      JwtSvid fetched = client.fetchJwtSvid("db", "cache");

      JwtSvid validated = client.validateJwtSvid(fetched.getToken(), "cache");
      assertThat(validated.getSpiffeId()).isEqualTo(WORKLOAD);
      assertThat(validated.getAudience()).containsExactlyInAnyOrder("db", "cache");

      assertThatThrownBy(() -> client.validateJwtSvid(fetched.getToken(), "web"))
          .isInstanceOf(JwtSvidException.class)
          .hasRootCauseMessage(
              "INVALID_ARGUMENT: JWT-SVID spiffe://example.org/workload: "
                  + "audience [\"cache\", \"db\"] does not contain \"web\"");
    }
  }

  @Test
  void openSslVerifiesTheChainAgainstTheBundleExportedAsPem() throws Exception {
    if (!Files.isExecutable(OPENSSL)) {
      if ("true".equals(System.getenv("CI"))) {
        fail(OPENSSL + " is missing; CI must have OpenSSL (apt-get install openssl)");
      }
      Assumptions.abort(OPENSSL + " is missing");
    }
    X509SVIDResponse response = plane.awaitX509Svids();
    List<X509Certificate> chain = Certificates.chain(response.getSvids(0).getX509Svid());
    Path bundle =
        Files.writeString(
            plane.dir().resolve("bundle.pem"),
            Pem.writeCertificates(plane.bundle().x509Authorities()));
    Path leaf =
        Files.writeString(
            plane.dir().resolve("leaf.pem"), Pem.writeCertificates(chain.subList(0, 1)));
    Path untrusted =
        Files.writeString(
            plane.dir().resolve("untrusted.pem"),
            Pem.writeCertificates(
                chain.size() > 1 ? chain.subList(1, chain.size()) : chain.subList(0, 1)));

    for (String purpose : List.of("sslclient", "sslserver")) {
      Process openssl =
          new ProcessBuilder(
                  OPENSSL.toString(),
                  "verify",
                  "-x509_strict",
                  "-purpose",
                  purpose,
                  "-attime",
                  Long.toString(clock.instant().getEpochSecond()),
                  "-CAfile",
                  bundle.toString(),
                  "-untrusted",
                  untrusted.toString(),
                  leaf.toString())
              .redirectErrorStream(true)
              .start();
      assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(output).isEqualTo(leaf + ": OK\n");
      assertThat(openssl.exitValue()).isZero();
    }
  }
}
