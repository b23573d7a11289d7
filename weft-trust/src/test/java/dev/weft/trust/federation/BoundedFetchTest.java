package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.HealthRequest;
import dev.weft.proto.trust.v1.ListFederationsRequest;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.proto.trust.v1.UpdateFederationRequest;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.TrustPlane;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fetches cost a bounded error: a.example (one-second connect and read timeouts, 64 KiB answers)
 * federates with partner.org, whose endpoint then answers with too much, with garbage, or (moved to
 * a socket that accepts and never answers) not at all. Each failure is recorded, the server keeps
 * answering meanwhile, and the last good bundle stays.
 */
class BoundedFetchTest {
  private static final TrustDomain PARTNER = EndpointFixture.PARTNER;
  private static final FetchLimits LIMITS =
      new FetchLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 64 * 1024);

  private final MutableClock clock = MutableClock.startingNow();
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private EndpointFixture partner;
  private ServerSocket silent;
  private TrustPlane a;

  @BeforeEach
  void start() throws Exception {
    partner = EndpointFixture.spiffe();
    partner.document.set(SpiffeBundleFormat.write(partner.bundle(3)));
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::acceptAndSayNothing);
    a =
        TrustPlane.startWithAgent(
            clock,
            A,
            s -> s.federation(Federated.spiffeEndpoint()),
            o -> Federated.options(o).withFetchLimits(LIMITS));
    a.admin()
        .createFederation(
            CreateFederationRequest.newBuilder()
                .setRelationship(
                    FederationRelationship.newBuilder()
                        .setTrustDomain(PARTNER.name())
                        .setBundleEndpointUrl(partner.url().toString())
                        .setBundleEndpointProfile("https_spiffe")
                        .setEndpointSpiffeId(EndpointFixture.ENDPOINT_ID.toString())
                        .setBootstrapBundle(SpiffeBundleFormat.write(partner.bundle(0))))
                .build());
    Federated.awaitBundle(a, PARTNER, b -> b.equals(partner.bundle(3)));
    Federated.workload(a, "/web", PARTNER);
  }

  @AfterEach
  void stop() throws IOException {
    if (a != null) {
      a.close();
    }
    partner.close();
    silent.close();
    for (Socket s : held) {
      s.close();
    }
  }

  @Test
  void aHugeAnswerIsCutOff() {
    partner.document.set("{\"keys\":[],\"padding\":\"" + "x".repeat(100_000) + "\"}");
    assertRefused(refresh(), partner.url() + ": answer is larger than 65536 bytes");
  }

  @Test
  void garbageIsRefused() {
    partner.document.set("<html>It works!</html>");
    assertRefused(
        refresh(),
        partner.url()
            + ": served an invalid bundle: bundle: not valid JSON"
            + " (expected: one JSON object without duplicate members)");
  }

  @Test
  void anEndpointThatNeverAnswersTimesOutWhileTheServerKeepsServing() {
    String url = "https://localhost:" + silent.getLocalPort();
    FederationRelationship moved =
        Federated.show(a, PARTNER).toBuilder().clearStatus().setBundleEndpointUrl(url).build();
    a.admin().updateFederation(UpdateFederationRequest.newBuilder().setRelationship(moved).build());
    CompletableFuture<FederationRelationship> pending =
        CompletableFuture.supplyAsync(this::refresh);
    await().until(() -> !held.isEmpty());
    // the fetches in progress hold up nothing else
    assertThat(a.admin().health(HealthRequest.getDefaultInstance()).getServing()).isTrue();
    assertThat(
            a.admin()
                .listFederations(ListFederationsRequest.getDefaultInstance())
                .getRelationshipsList())
        .extracting(FederationRelationship::getBundleEndpointUrl)
        .containsExactly(url);
    FederationRelationship after = pending.join();
    assertThat(after.getStatus().getFailing()).isTrue();
    assertThat(after.getStatus().getLastError())
        .startsWith(url + ": ")
        .containsAnyOf("timed out", "no complete answer within 2s");
    assertKept(after);
  }

  private void assertRefused(FederationRelationship after, String error) {
    assertThat(after.getStatus().getFailing()).isTrue();
    assertThat(after.getStatus().getLastError()).isEqualTo(error);
    assertKept(after);
    assertThat(a.admin().health(HealthRequest.getDefaultInstance()).getServing()).isTrue();
  }

  private void assertKept(FederationRelationship shown) {
    assertThat(shown.getStatus().getHasBundle()).isTrue();
    assertThat(shown.getStatus().getSequence()).isEqualTo(3);
    assertThat(Federated.bundleOf(a, PARTNER)).contains(partner.bundle(3));
    assertThat(Federated.x509Bundles(a, a.workloadSocket()).get(PARTNER.idString()))
        .isEqualTo(Federated.der(partner.bundle(3)));
  }

  private FederationRelationship refresh() {
    return a.admin()
        .refreshFederation(
            RefreshFederationRequest.newBuilder().setTrustDomain(PARTNER.name()).build());
  }

  private void acceptAndSayNothing() {
    try {
      while (true) {
        held.add(silent.accept());
      }
    } catch (IOException e) {
      // closed at the end of the test
    }
  }
}
