package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.federation.Federated.C;
import static dev.weft.trust.federation.Federated.show;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.FederationStatus;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.TrustPlane;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the next fetch is due: after the bundle's {@code spiffe_refresh_hint}, but never sooner than
 * the server's refresh floor; after a failure, at the floor. The schedule is read from the
 * relationship's next refresh (on the shared, stopped clock); that fetches really follow it is
 * checked loosely, by moving the clock and waiting for a newer success without a manual refresh.
 */
class RefreshCadenceTest {
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane a;
  private TrustPlane b;
  private TrustPlane c;
  private EndpointFixture partner;

  @BeforeEach
  void start() throws Exception {
    a =
        TrustPlane.startServer(
            clock, A, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
    b =
        TrustPlane.startServer(
            clock, B, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
    c =
        TrustPlane.startServer(
            clock,
            C,
            s -> s.federation(Federated.spiffeEndpoint().withRefreshFloor(Duration.ofSeconds(3))),
            Federated::options);
    partner = EndpointFixture.spiffe();
  }

  @AfterEach
  void stop() {
    for (TrustPlane plane : new TrustPlane[] {c, b, a}) {
      if (plane != null) {
        plane.close();
      }
    }
    partner.close();
  }

  @Test
  void aShortHintIsFollowedWithoutManualRefreshes() {
    Federated.federate(b, a);
    awaitNextRefreshAfterSuccess(b, A, Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      long now = clock.instant().getEpochSecond();
      await().atMost(WAIT).until(() -> show(b, A).getStatus().getLastSuccessUnix() == now);
    }
  }

  @Test
  void theFloorWinsOverAShorterHint() {
    Federated.federate(c, a);
    awaitNextRefreshAfterSuccess(c, A, Duration.ofSeconds(3));
    clock.advance(Duration.ofMinutes(1));
    long now = clock.instant().getEpochSecond();
    await().atMost(WAIT).until(() -> show(c, A).getStatus().getLastSuccessUnix() == now);
  }

  @Test
  void aLongHintIsFollowedAndNoHintMeansFiveMinutes() {
    partner.document.set(
        SpiffeBundleFormat.write(partner.bundle(1).withRefreshHint(Duration.ofMinutes(10))));
    b.admin()
        .createFederation(
            CreateFederationRequest.newBuilder().setRelationship(partnerRelationship()).build());
    awaitNextRefreshAfterSuccess(b, EndpointFixture.PARTNER, Duration.ofMinutes(10));

    partner.document.set(SpiffeBundleFormat.write(partner.bundle(2)));
    b.admin()
        .refreshFederation(
            RefreshFederationRequest.newBuilder()
                .setTrustDomain(EndpointFixture.PARTNER.name())
                .build());
    awaitNextRefreshAfterSuccess(b, EndpointFixture.PARTNER, Duration.ofMinutes(5));
  }

  @Test
  void afterAFailureTheNextAttemptIsAtTheFloor() {
    partner.document.set("garbage");
    b.admin()
        .createFederation(
            CreateFederationRequest.newBuilder().setRelationship(partnerRelationship()).build());
    FederationStatus failed =
        await()
            .atMost(WAIT)
            .until(
                () -> show(b, EndpointFixture.PARTNER).getStatus(),
                s -> s.getFailing() && s.getNextRefreshUnix() - s.getLastErrorUnix() == 1);
    assertThat(failed.getHasBundle()).isFalse();
    // and it is retried: a later failure is recorded without a manual refresh
    clock.advance(Duration.ofMinutes(1));
    long now = clock.instant().getEpochSecond();
    await()
        .atMost(WAIT)
        .until(() -> show(b, EndpointFixture.PARTNER).getStatus().getLastErrorUnix() == now);
  }

  private FederationRelationship partnerRelationship() {
    return FederationRelationship.newBuilder()
        .setTrustDomain(EndpointFixture.PARTNER.name())
        .setBundleEndpointUrl(partner.url().toString())
        .setBundleEndpointProfile("https_spiffe")
        .setEndpointSpiffeId(EndpointFixture.ENDPOINT_ID.toString())
        .setBootstrapBundle(SpiffeBundleFormat.write(partner.bundle(0)))
        .build();
  }

  /** Waits until {@code in}'s next fetch of {@code td} is {@code wait} after its last success. */
  private static void awaitNextRefreshAfterSuccess(TrustPlane in, TrustDomain td, Duration wait) {
    FederationStatus status =
        await()
            .atMost(WAIT)
            .until(
                () -> show(in, td).getStatus(),
                s ->
                    s.getLastSuccessUnix() > 0
                        && s.getNextRefreshUnix() - s.getLastSuccessUnix() == wait.toSeconds());
    assertThat(status.getFailing()).isFalse();
  }
}
