package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.federation.Federated.C;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.proto.trust.v1.DeleteBundleRequest;
import dev.weft.proto.trust.v1.DeleteFederationRequest;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.TrustPlane;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workloads of a.example and b.example, each with its identity from its own agent through the
 * Workload API ({@link SvidSource}), complete SPIFFE mutual TLS when their domains federate and
 * their entries name each other; the handshake fails closed, with the reason, for a domain
 * a.example does not federate with, after the federation and the bundle are deleted, and for an
 * SVID of an unknown CA.
 */
class CrossDomainMtlsTest {
  private static final SpiffeId SERVER = SpiffeId.parse("spiffe://a.example/server");
  private static final SpiffeId CLIENT = SpiffeId.parse("spiffe://b.example/client");

  private final MutableClock clock = MutableClock.startingNow();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private TrustPlane a;
  private TrustPlane b;
  private SvidSource server;
  private SvidSource client;

  @BeforeEach
  void start() throws Exception {
    a = open(Federated.plane(clock, A));
    b = open(Federated.plane(clock, B));
    Federated.federateBothWays(a, b);
    Federated.workload(a, "/server", B);
    Federated.workload(b, "/client", A);
    server = open(source(a));
    client = open(source(b));
    await()
        .atMost(WAIT)
        .until(
            () ->
                server.current().bundles().get(B).isPresent()
                    && client.current().bundles().get(A).isPresent());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
  }

  @Test
  void federatedWorkloadsAuthenticateEachOtherUntilTheFederationAndBundleAreDeleted()
      throws Exception {
    Handshake ok =
        Handshake.run(
            server, PeerAuthorizer.exactly(CLIENT), client, PeerAuthorizer.exactly(SERVER), clock);
    assertThat(ok.serverFailure()).isEmpty();
    assertThat(ok.clientFailure()).isEmpty();
    assertThat(ok.serverSaw()).contains(CLIENT);
    assertThat(ok.clientSaw()).contains(SERVER);

    a.admin()
        .deleteFederation(DeleteFederationRequest.newBuilder().setTrustDomain(B.name()).build());
    a.admin().deleteBundle(DeleteBundleRequest.newBuilder().setTrustDomain(B.name()).build());
    // the source serves its last snapshot until the agent's update arrives
    await().atMost(WAIT).until(() -> server.current().bundles().get(B).isEmpty());

    Handshake refused =
        Handshake.run(
            server, PeerAuthorizer.exactly(CLIENT), client, PeerAuthorizer.exactly(SERVER), clock);
    assertRefusedByServer(
        refused,
        "X.509-SVID spiffe://b.example/client: no trust bundle for trust domain"
            + " b.example (the domain is unknown or not federated)");
  }

  @Test
  void aDomainThatIsNotFederatedIsRefusedWhateverTheAuthorizerSays() throws Exception {
    // c.example trusts a.example, but a.example does not federate with c.example
    TrustPlane c = open(Federated.plane(clock, C));
    Federated.federate(c, a);
    Federated.workload(c, "/client", A);
    SvidSource stranger = open(source(c));
    await().atMost(WAIT).until(() -> stranger.current().bundles().get(A).isPresent());

    Handshake refused =
        Handshake.run(
            server, PeerAuthorizer.any(), stranger, PeerAuthorizer.exactly(SERVER), clock);
    assertRefusedByServer(
        refused,
        "X.509-SVID spiffe://c.example/client: no trust bundle for trust domain"
            + " c.example (the domain is unknown or not federated)");
  }

  @Test
  void anSvidOfAnUnknownCaIsRefused() throws Exception {
    CertBuilder.Issued forgedCa = CertBuilder.selfSignedCa("b.example").build();
    CertBuilder.Issued forged = CertBuilder.svid(CLIENT.toString()).issuer(forgedCa).build();
    X509Svid svid = X509Svid.of(List.of(forged.cert()), forged.privateKey(), "");
    // the impostor holds the real bundles, so it can check the server; only its SVID is forged
    IdentitySource impostor = () -> new IdentitySnapshot(svid, client.current().bundles());

    Handshake refused =
        Handshake.run(
            server, PeerAuthorizer.any(), impostor, PeerAuthorizer.exactly(SERVER), clock);
    assertRefusedByServer(
        refused,
        "X.509-SVID spiffe://b.example/client: chain is not signed by a usable"
            + " X.509 authority of trust domain b.example");
  }

  /**
   * The server side refused the client's certificate with {@code reason}; the client got no byte.
   */
  private static void assertRefusedByServer(Handshake handshake, String reason) {
    assertThat(handshake.serverSaw()).isEmpty();
    assertThat(handshake.serverFailure())
        .get()
        .isInstanceOfSatisfying(
            SSLHandshakeException.class,
            e -> {
              assertThat(e).hasMessageContaining(reason);
              assertThat(e.getCause()).isInstanceOf(CertificateException.class).hasMessage(reason);
            });
    assertThat(handshake.clientFailure()).isPresent();
  }

  private SvidSource source(TrustPlane plane) throws Exception {
    return SvidSource.start(
        WorkloadApiEndpoint.ofSocket(plane.workloadSocket()),
        SvidSourceConfig.builder().clock(clock).startTimeout(WAIT).build());
  }

  private <T extends AutoCloseable> T open(T closeable) {
    closeables.add(closeable);
    return closeable;
  }
}
