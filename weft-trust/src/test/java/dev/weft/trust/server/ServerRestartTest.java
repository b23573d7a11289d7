package dev.weft.trust.server;

import static dev.weft.trust.server.TrustPlane.TD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.proto.trust.v1.GetBundleRequest;
import dev.weft.proto.trust.v1.ListAgentsRequest;
import dev.weft.proto.trust.v1.ListEntriesRequest;
import dev.weft.proto.trust.v1.ListEntriesResponse;
import dev.weft.proto.workload.WorkloadProto.JWTSVIDRequest;
import dev.weft.proto.workload.WorkloadProto.JWTSVIDResponse;
import dev.weft.proto.workload.WorkloadProto.X509SVIDRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.testing.MutableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spiffe.workloadapi.DefaultX509Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server restart on the same data directory and port keeps entries, CA and bundle; the agent
 * serves what it holds while the server is down and syncs again once it is back.
 */
class ServerRestartTest {
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane plane;

  @BeforeEach
  void start() throws Exception {
    int port = TrustPlane.freePort();
    plane = TrustPlane.startWithAgent(clock, b -> b.bindPort(port));
    plane.createWorkloadEntry("/workload");
    plane.awaitX509Svids();
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  void entriesCaAndBundleSurviveARestart() throws Exception {
    ListEntriesResponse entries =
        plane.admin().listEntries(ListEntriesRequest.getDefaultInstance());
    var bundle = plane.admin().getBundle(GetBundleRequest.getDefaultInstance());
    var agents = plane.admin().listAgents(ListAgentsRequest.getDefaultInstance());

    plane.stopServer();
    plane.startServer();

    assertThat(plane.admin().listEntries(ListEntriesRequest.getDefaultInstance()))
        .isEqualTo(entries);
    assertThat(plane.admin().getBundle(GetBundleRequest.getDefaultInstance())).isEqualTo(bundle);
    assertThat(plane.admin().listAgents(ListAgentsRequest.getDefaultInstance())).isEqualTo(agents);
    // the same CA signs: the server's new SVID verifies against the bundle from before
    TrustBundle before = plane.bundle();
    Certificates.verifyPkix(
        java.util.List.of(plane.serverSvid()), before.x509Authorities(), clock.instant());
  }

  @Test
  void aJwtSvidPastHalfLifeIsStillServedWhileTheServerIsDown() throws Exception {
    JWTSVIDRequest request = JWTSVIDRequest.newBuilder().addAudience("db").build();
    JWTSVIDResponse held = plane.workload().fetchJWTSVID(request);
    var token = JwtSvidVerifier.parseInsecure(held.getSvids(0).getSvid(), "");

    plane.stopServer();
    clock.set(token.expiresAt().minusSeconds(30)); // past half-life: the agent would renew it

    assertThat(plane.workload().fetchJWTSVID(request)).isEqualTo(held);
    clock.set(token.expiresAt());
    assertThatThrownBy(() -> plane.workload().fetchJWTSVID(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void theAgentServesItsCacheWhileTheServerIsDownAndSyncsWhenItIsBack() throws Exception {
    X509SVIDResponse held = plane.awaitX509Svids();

    plane.stopServer();

    assertThat(plane.workload().fetchX509SVID(X509SVIDRequest.getDefaultInstance()).next())
        .isEqualTo(held);
    try (DefaultX509Source source =
        plane.x509Source()) { // a client that starts while the server is away
      assertThat(source.getX509Svid().getLeaf())
          .isEqualTo(Certificates.chain(held.getSvids(0).getX509Svid()).getFirst());
    }

    plane.startServer();
    plane.createWorkloadEntry("/after-restart");

    X509SVIDResponse both = plane.awaitX509Svids(r -> r.getSvidsCount() == 2);
    assertThat(both.getSvidsList())
        .extracting(s -> s.getSpiffeId())
        .containsExactlyInAnyOrder(TD.idString() + "/workload", TD.idString() + "/after-restart");
    // the SVID held from before the restart is still the one served: nothing was re-signed
    // needlessly
    assertThat(both.getSvidsList())
        .filteredOn(s -> s.getSpiffeId().endsWith("/workload"))
        .extracting(s -> s.getX509Svid())
        .containsExactly(held.getSvids(0).getX509Svid());
  }
}
