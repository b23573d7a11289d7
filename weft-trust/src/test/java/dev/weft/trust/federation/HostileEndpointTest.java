package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
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
 * a.example federates with partner.org, whose bundle endpoint serves what a hostile or broken
 * endpoint would: refresh hints out of any sane range, bundles that would move the bundle back. The
 * refresh schedule survives all of it, rollbacks are refused and counted, and a restarted server
 * shows its own state rather than the previous run's errors.
 */
class HostileEndpointTest {
  private static final TrustDomain PARTNER = EndpointFixture.PARTNER;

  private final MutableClock clock = MutableClock.startingNow();
  private EndpointFixture partner;
  private TrustPlane a;

  @BeforeEach
  void start() throws Exception {
    partner = EndpointFixture.spiffe();
    partner.document.set(SpiffeBundleFormat.write(partner.bundle(3)));
    a =
        TrustPlane.startServer(
            clock, A, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
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
  }

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    partner.close();
  }

  @Test
  void aHugeRefreshHintIsClampedToOneDayAndRefreshingGoesOn() {
    clock.advance(Duration.ofMinutes(1));
    partner.document.set(
        SpiffeBundleFormat.write(
            partner.bundle(4).withRefreshHint(Duration.ofSeconds(Long.MAX_VALUE))));
    FederationStatus status = refresh().getStatus();
    assertThat(status.getFailing()).isFalse();
    assertThat(status.getSequence()).isEqualTo(4);
    assertThat(status.getNextRefreshUnix() - status.getLastSuccessUnix())
        .isEqualTo(Duration.ofDays(1).toSeconds());

    // the schedule is alive: the next fetch takes a bundle with an ordinary hint
    clock.advance(Duration.ofMinutes(1));
    partner.document.set(
        SpiffeBundleFormat.write(partner.bundle(5).withRefreshHint(Duration.ofSeconds(1))));
    FederationStatus after = refresh().getStatus();
    assertThat(after.getSequence()).isEqualTo(5);
    assertThat(after.getNextRefreshUnix() - after.getLastSuccessUnix()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    long now = clock.instant().getEpochSecond();
    await()
        .atMost(WAIT)
        .until(() -> Federated.show(a, PARTNER).getStatus().getLastSuccessUnix() == now);
  }

  @Test
  void aNegativeRefreshHintIsRefusedAndRetriedAtTheFloor() {
    clock.advance(Duration.ofMinutes(1));
    String good = SpiffeBundleFormat.write(partner.bundle(4));
    partner.document.set(
        good.substring(0, good.lastIndexOf('}')) + ",\"spiffe_refresh_hint\":-60}");
    FederationStatus status = refresh().getStatus();
    assertThat(status.getFailing()).isTrue();
    assertThat(status.getLastError())
        .isEqualTo(
            partner.url()
                + ": served an invalid bundle: bundle: spiffe_refresh_hint: -60 (expected: an integer >= 0)");
    assertThat(status.getNextRefreshUnix() - status.getLastErrorUnix()).isEqualTo(1);
    assertThat(status.getSequence()).isEqualTo(3);
    clock.advance(Duration.ofMinutes(1));
    long now = clock.instant().getEpochSecond();
    await()
        .atMost(WAIT)
        .until(() -> Federated.show(a, PARTNER).getStatus().getLastErrorUnix() == now);
  }

  @Test
  void aBundleWithoutSequenceAfterANumberedOneIsARefusedAndCountedRollback() {
    clock.advance(Duration.ofMinutes(1));
    TrustBundle unnumbered = TrustBundle.ofX509(PARTNER, partner.bundle(3).x509Authorities());
    partner.document.set(SpiffeBundleFormat.write(unnumbered));
    FederationStatus refused = refresh().getStatus();
    assertThat(refused.getFailing()).isTrue();
    assertThat(refused.getLastError())
        .isEqualTo(
            partner.url()
                + ": served a bundle without spiffe_sequence"
                + " after sequence 3 (expected: 3 or higher; a bundle only moves forward)");
    assertThat(refused.getRollbacksRefused()).isEqualTo(1);
    assertThat(refused.getSequence()).isEqualTo(3);
    assertThat(Federated.bundleOf(a, PARTNER)).contains(partner.bundle(3));

    partner.document.set(SpiffeBundleFormat.write(partner.bundle(2)));
    FederationStatus lower = refresh().getStatus();
    assertThat(lower.getLastError()).endsWith("spiffe_sequence went backwards: 2 after 3");
    assertThat(lower.getRollbacksRefused()).isEqualTo(2);

    // other failures are failures, not rollbacks
    partner.document.set("garbage");
    assertThat(refresh().getStatus().getRollbacksRefused()).isEqualTo(2);
    assertThat(Federated.bundleOf(a, PARTNER)).contains(partner.bundle(3));
  }

  @Test
  void aRestartedServerShowsItsOwnStateNotThePreviousRunsErrors() throws Exception {
    partner.document.set("garbage");
    clock.advance(Duration.ofMinutes(1));
    assertThat(refresh().getStatus().getLastError()).isNotEmpty();

    partner.document.set(SpiffeBundleFormat.write(partner.bundle(4)));
    clock.advance(Duration.ofMinutes(1));
    long now = clock.instant().getEpochSecond();
    a.restartServer(b -> b);
    FederationStatus after =
        await()
            .atMost(WAIT)
            .until(
                () -> Federated.show(a, PARTNER).getStatus(),
                s -> s.getLastSuccessUnix() == now && s.getSequence() == 4);
    assertThat(after.getFailing()).isFalse();
    assertThat(after.getLastError()).isEmpty();
    assertThat(after.getLastErrorUnix()).isZero();
    assertThat(after.getSequence()).isEqualTo(4);
  }

  private FederationRelationship refresh() {
    return a.admin()
        .refreshFederation(
            RefreshFederationRequest.newBuilder().setTrustDomain(PARTNER.name()).build());
  }
}
