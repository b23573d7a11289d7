package dev.weft.trust.workload;

import static dev.weft.trust.workload.TestPki.OTHER;
import static dev.weft.trust.workload.TestPki.OWN;
import static dev.weft.trust.workload.TestPki.PARTNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.MutableClock;
import dev.weft.testing.TempSockets;
import dev.weft.trust.workload.WorkloadIdentities.Snapshot;
import io.spiffe.bundle.jwtbundle.JwtBundle;
import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.exception.JwtSvidException;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.jwtsvid.JwtSvid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import io.spiffe.workloadapi.DefaultJwtSource;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.JwtSource;
import io.spiffe.workloadapi.JwtSourceOptions;
import io.spiffe.workloadapi.WorkloadApiClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** java-spiffe, a standard Workload API client, against Weft's server on a real unix socket. */
class JavaSpiffeInteropTest {
  private static final Duration INIT_TIMEOUT = Duration.ofSeconds(15);

  private final TestPki pki = new TestPki();
  private final TempSockets sockets = new TempSockets();
  private final MutableClock clock = MutableClock.startingNow();
  private final X509Svid svid = pki.svid("/workload");
  private FakeIdentities identities;
  private WorkloadApiServer server;
  private String address;

  @BeforeEach
  void start() throws Exception {
    identities = new FakeIdentities(OWN, pki.jwtKey, TestPki.KID, clock, snapshot(svid));
    server = WorkloadApiServer.start(sockets.socket("agent.sock"), identities, clock);
    address = "unix:" + server.socket();
  }

  @AfterEach
  void stop() {
    server.close();
    sockets.close();
  }

  private Snapshot snapshot(X509Svid callerSvid) {
    return new Snapshot(
        List.of(
            TestPki.identity("e1", callerSvid, Set.of(TestPki.thisUid()), Set.of(PARTNER), ""),
            TestPki.identity(
                "e2", pki.svid("/someone-else"), Set.of(TestPki.anotherUid()), Set.of(OTHER), "")),
        pki.allBundles());
  }

  @Test
  void x509SourceFetchesAndValidatesTheSvidAndSeesFederatedBundlesOnlyWhenNamed() throws Exception {
    try (DefaultX509Source source =
        DefaultX509Source.newSource(
            DefaultX509Source.X509SourceOptions.builder()
                .spiffeSocketPath(address)
                .initTimeout(INIT_TIMEOUT)
                .build())) {
      io.spiffe.svid.x509svid.X509Svid fetched = source.getX509Svid();
      assertThat(fetched.getSpiffeId()).isEqualTo(SpiffeId.parse("spiffe://example.org/workload"));
      assertThat(fetched.getLeaf()).isEqualTo(svid.leaf());
      assertThat(fetched.getPrivateKey().getEncoded()).isEqualTo(svid.privateKey().getEncoded());
      X509SvidValidator.verifyChain(fetched.getChain(), source); // against the served bundle

      X509Bundle partner = source.getBundleForTrustDomain(TrustDomain.parse("partner.org"));
      assertThat(partner.getX509Authorities()).containsExactly(pki.partnerRoot.cert());
      assertThatThrownBy(() -> source.getBundleForTrustDomain(TrustDomain.parse("other.org")))
          .isInstanceOf(BundleNotFoundException.class);
    }
  }

  @Test
  void aRotatedSvidReachesTheX509Source() throws Exception {
    try (DefaultX509Source source =
        DefaultX509Source.newSource(
            DefaultX509Source.X509SourceOptions.builder()
                .spiffeSocketPath(address)
                .initTimeout(INIT_TIMEOUT)
                .build())) {
      assertThat(source.getX509Svid().getLeaf()).isEqualTo(svid.leaf());

      X509Svid rotated = pki.svid("/workload");
      identities.set(snapshot(rotated));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(source.getX509Svid().getLeaf()).isEqualTo(rotated.leaf()));
      X509SvidValidator.verifyChain(source.getX509Svid().getChain(), source);
    }
  }

  @Test
  void jwtSourceFetchesAJwtSvidThatValidatesAgainstTheServedJwtBundle() throws Exception {
    try (JwtSource source =
        DefaultJwtSource.newSource(
            JwtSourceOptions.builder()
                .spiffeSocketPath(address)
                .initTimeout(INIT_TIMEOUT)
                .build())) {
      JwtSvid fetched = source.fetchJwtSvid("db");
      assertThat(fetched.getSpiffeId()).isEqualTo(SpiffeId.parse("spiffe://example.org/workload"));
      assertThat(fetched.getAudience()).containsExactly("db");

      JwtSvid validated = JwtSvid.parseAndValidate(fetched.getToken(), source, Set.of("db"));
      assertThat(validated.getSpiffeId()).isEqualTo(fetched.getSpiffeId());

      JwtBundle partner = source.getBundleForTrustDomain(TrustDomain.parse("partner.org"));
      assertThat(partner.getJwtAuthorities()).containsOnlyKeys("partner-key");
      assertThatThrownBy(() -> source.getBundleForTrustDomain(TrustDomain.parse("other.org")))
          .isInstanceOf(BundleNotFoundException.class);
    }
  }

  @Test
  void theClientValidatesJwtSvidsThroughTheServer() throws Exception {
    try (WorkloadApiClient client =
        DefaultWorkloadApiClient.newClient(
            DefaultWorkloadApiClient.ClientOptions.builder().spiffeSocketPath(address).build())) {
      JwtSvid fetched = client.fetchJwtSvid("db");

      JwtSvid validated = client.validateJwtSvid(fetched.getToken(), "db");
      assertThat(validated.getSpiffeId())
          .isEqualTo(SpiffeId.parse("spiffe://example.org/workload"));

      assertThatThrownBy(() -> client.validateJwtSvid(fetched.getToken(), "web"))
          .isInstanceOf(JwtSvidException.class)
          .hasRootCauseMessage(
              "INVALID_ARGUMENT: JWT-SVID spiffe://example.org/workload: "
                  + "audience [\"db\"] does not contain \"web\"");
    }
  }

  @Test
  void anUnregisteredCallerCannotInitializeASource() {
    identities.set(
        new Snapshot(List.of(identities.snapshot().identities().get(1)), pki.allBundles()));
    assertThatThrownBy(
            () ->
                DefaultX509Source.newSource(
                        DefaultX509Source.X509SourceOptions.builder()
                            .spiffeSocketPath(address)
                            .initTimeout(Duration.ofSeconds(2))
                            .build())
                    .close())
        .hasMessageContaining("Error creating X.509 source");
  }
}
