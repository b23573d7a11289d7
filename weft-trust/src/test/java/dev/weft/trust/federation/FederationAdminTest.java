package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.federation.Federated.C;
import static dev.weft.trust.federation.Federated.assertRefused;
import static dev.weft.trust.federation.Federated.relationship;
import static dev.weft.trust.federation.Federated.show;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.DeleteFederationRequest;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.ListFederationsRequest;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.proto.trust.v1.UpdateFederationRequest;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.TrustPlane;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Federation relationships through the admin API of b.example: their lifecycle, refusals and
 * restarts.
 */
class FederationAdminTest {
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane a;
  private TrustPlane b;

  @BeforeEach
  void start() throws Exception {
    a =
        TrustPlane.startServer(
            clock, A, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
    b =
        TrustPlane.startServer(
            clock, B, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @Test
  void createShowListUpdateRefreshAndDelete() throws Exception {
    FederationRelationship created = create(relationship(a));
    assertThat(created.toBuilder().clearStatus().build()).isEqualTo(relationship(a));
    assertThat(created.getStatus().getSource()).isEqualTo("api");
    Federated.awaitBundle(b, A, held -> held.equals(a.bundle()));
    FederationRelationship shown = show(b, A);
    assertThat(shown.getStatus().getHasBundle()).isTrue();
    assertThat(shown.getStatus().getSequence()).isEqualTo(a.bundle().sequence().orElseThrow());
    long firstSuccess = clock.instant().getEpochSecond();
    assertThat(shown.getStatus().getLastSuccessUnix()).isEqualTo(firstSuccess);
    assertThat(shown.getStatus().getFailing()).isFalse();
    assertThat(list()).extracting(FederationRelationship::getTrustDomain).containsExactly(A.name());

    // moved to where nothing listens: the refresh fails, the bundle and the last success stay
    String nowhere = "https://127.0.0.1:" + TrustPlane.freePort();
    FederationRelationship moved =
        update(relationship(a).toBuilder().setBundleEndpointUrl(nowhere).build());
    assertThat(moved.getBundleEndpointUrl()).isEqualTo(nowhere);
    assertThat(moved.getStatus().getLastSuccessUnix()).isEqualTo(firstSuccess);
    clock.advance(Duration.ofMinutes(1));
    FederationRelationship failed = refresh(A);
    assertThat(failed.getStatus().getFailing()).isTrue();
    assertThat(failed.getStatus().getLastError())
        .isEqualTo(nowhere + ": cannot connect (connection refused or closed)");
    assertThat(failed.getStatus().getLastSuccessUnix()).isEqualTo(firstSuccess);
    assertThat(Federated.bundleOf(b, A)).contains(a.bundle());

    // moved back: the refresh succeeds, the error stays on record
    clock.advance(Duration.ofMinutes(1));
    update(relationship(a));
    FederationRelationship refreshed = refresh(A);
    assertThat(refreshed.getStatus().getFailing()).isFalse();
    assertThat(refreshed.getStatus().getLastSuccessUnix())
        .isEqualTo(clock.instant().getEpochSecond());
    assertThat(refreshed.getStatus().getLastError()).startsWith(nowhere);

    // deleted: gone from the API, its bundle kept until deleted on its own
    b.admin()
        .deleteFederation(DeleteFederationRequest.newBuilder().setTrustDomain(A.name()).build());
    String notFound = "federation relationship with a.example: not found";
    assertRefused(() -> show(b, A), Status.Code.NOT_FOUND, notFound);
    assertRefused(() -> refresh(A), Status.Code.NOT_FOUND, notFound);
    assertRefused(
        () ->
            b.admin()
                .deleteFederation(
                    DeleteFederationRequest.newBuilder().setTrustDomain(A.name()).build()),
        Status.Code.NOT_FOUND,
        notFound);
    assertRefused(() -> update(relationship(a)), Status.Code.NOT_FOUND, notFound);
    assertThat(list()).isEmpty();
    assertThat(Federated.bundleOf(b, A)).contains(a.bundle());
  }

  @Test
  void invalidRequestsAreRefusedWholeAndChangeNothing() {
    create(relationship(a));
    List<FederationRelationship> before = definitions();
    assertRefused(
        () -> create(relationship(a)),
        Status.Code.ALREADY_EXISTS,
        "federation relationship with a.example: already exists (change it with weft trust federation update)");
    assertRefused(
        () ->
            create(
                relationship(a).toBuilder()
                    .setTrustDomain(B.name())
                    .setEndpointSpiffeId("spiffe://b.example/weft/server")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "relationship.trust_domain: b.example is this server's own trust domain (expected: another trust domain)");
    assertRefused(
        () ->
            create(
                FederationRelationship.newBuilder()
                    .setTrustDomain(C.name())
                    .setBundleEndpointUrl("http://127.0.0.1:8443")
                    .setBundleEndpointProfile("https_spiffe")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "relationship.bundle_endpoint_url: http://127.0.0.1:8443 (expected: an https URL with a host and no user"
            + " info, query or fragment, such as https://spire.example.org:8443); relationship.endpoint_spiffe_id:"
            + " missing (expected: the SPIFFE ID the https_spiffe endpoint presents, such as"
            + " spiffe://c.example/weft/server)");
    assertRefused(
        () ->
            create(
                FederationRelationship.newBuilder()
                    .setTrustDomain(C.name())
                    .setBundleEndpointUrl("https://127.0.0.1:8443")
                    .setBundleEndpointProfile("https")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "relationship.bundle_endpoint_profile: \"https\" (expected: https_spiffe or https_web)");
    assertRefused(
        () ->
            create(
                FederationRelationship.newBuilder()
                    .setTrustDomain(C.name())
                    .setBundleEndpointUrl("https://127.0.0.1:8443")
                    .setBundleEndpointProfile("https_web")
                    .setEndpointSpiffeId("spiffe://c.example/weft/server")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "relationship.endpoint_spiffe_id: spiffe://c.example/weft/server"
            + " (expected: none for https_web, which authenticates with Web PKI)");
    assertRefused(
        () ->
            create(
                relationship(a).toBuilder()
                    .setTrustDomain(C.name())
                    .setEndpointSpiffeId("spiffe://a.example/weft/server")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "relationship.endpoint_spiffe_id: spiffe://a.example/weft/server"
            + " (expected: a SPIFFE ID in trust domain c.example)");
    assertRefused(
        () ->
            create(
                FederationRelationship.newBuilder()
                    .setTrustDomain(C.name())
                    .setBundleEndpointProfile("https_web")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "relationship.bundle_endpoint_url: missing (expected: an https URL with a"
            + " host and no user info, query or fragment, such as https://spire.example.org:8443)");
    assertRefused(
        () ->
            update(
                relationship(a).toBuilder()
                    .setBundleEndpointUrl("https://user@127.0.0.1:1")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "relationship.bundle_endpoint_url: https://user@127.0.0.1:1 (expected: an"
            + " https URL with a host and no user info, query or fragment, such as https://spire.example.org:8443)");
    assertThat(definitions()).isEqualTo(before);
  }

  @Test
  void relationshipsAndTheirStatusSurviveARestart() throws Exception {
    create(relationship(a));
    Federated.awaitBundle(b, A, held -> held.equals(a.bundle()));
    String nowhere = "https://127.0.0.1:" + TrustPlane.freePort();
    create(
        relationship(a).toBuilder()
            .setTrustDomain(C.name())
            .setBundleEndpointUrl(nowhere)
            .setEndpointSpiffeId("spiffe://c.example/weft/server")
            .build());
    String error = nowhere + ": cannot connect (connection refused or closed)";
    await().atMost(WAIT).until(() -> show(b, C).getStatus().getLastError(), error::equals);
    long fetchedAt = clock.instant().getEpochSecond();
    List<FederationRelationship> before = definitions();

    // a.example goes away: after the restart only what was stored can show a success
    var aBundle = a.bundle();
    a.stopServer();
    clock.advance(Duration.ofMinutes(1));
    b.restartServer(s -> s);

    assertThat(definitions()).isEqualTo(before);
    FederationRelationship withA = show(b, A);
    assertThat(withA.getStatus().getLastSuccessUnix()).isEqualTo(fetchedAt);
    assertThat(withA.getStatus().getHasBundle()).isTrue();
    assertThat(withA.getStatus().getSequence()).isEqualTo(aBundle.sequence().orElseThrow());
    assertThat(show(b, C).getStatus().getLastError()).isEqualTo(error);
    assertThat(show(b, C).getStatus().getLastErrorUnix()).isGreaterThanOrEqualTo(fetchedAt);
    assertThat(Federated.bundleOf(b, A)).contains(aBundle);
    // and the restarted server goes on fetching: a.example's absence is recorded, its bundle kept
    long now = clock.instant().getEpochSecond();
    await().atMost(WAIT).until(() -> show(b, A).getStatus().getLastErrorUnix() == now);
    assertThat(show(b, A).getStatus().getFailing()).isTrue();
    assertThat(Federated.bundleOf(b, A)).contains(aBundle);
  }

  private FederationRelationship create(FederationRelationship r) {
    return b.admin()
        .createFederation(CreateFederationRequest.newBuilder().setRelationship(r).build());
  }

  private FederationRelationship update(FederationRelationship r) {
    return b.admin()
        .updateFederation(UpdateFederationRequest.newBuilder().setRelationship(r).build());
  }

  private FederationRelationship refresh(TrustDomain td) {
    return b.admin()
        .refreshFederation(RefreshFederationRequest.newBuilder().setTrustDomain(td.name()).build());
  }

  private List<FederationRelationship> list() {
    return b.admin()
        .listFederations(ListFederationsRequest.getDefaultInstance())
        .getRelationshipsList();
  }

  /** The relationships without their status. */
  private List<FederationRelationship> definitions() {
    return list().stream().map(r -> r.toBuilder().clearStatus().build()).toList();
  }
}
