package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.proto.trust.v1.SetBundleRequest;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.TrustPlane;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPIRE's way to start a relationship: set the other domain's bundle by hand ({@code weft trust
 * bundle set}), then create the relationship without a bootstrap bundle; the bundle set by hand
 * authenticates the endpoint. The sequence numbers the server gives bundles set by hand are its
 * own, not the other domain's: they never make the endpoint's bundle look older than it is.
 */
class BundleSetThenFederateTest {
  private static final TrustDomain PARTNER = EndpointFixture.PARTNER;

  private final MutableClock clock = MutableClock.startingNow();
  private EndpointFixture partner;
  private TrustPlane a;

  @BeforeEach
  void start() throws Exception {
    partner = EndpointFixture.spiffe();
    a =
        TrustPlane.startServer(
            clock, A, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
  }

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    partner.close();
  }

  @Test
  void aBundleSetByHandAuthenticatesTheEndpointAndDoesNotOutrankIt() {
    // set twice (a correction): the server numbers it 2, while the partner is at sequence 1
    setByHand();
    assertThat(setByHand().getSequence()).isEqualTo(2);
    a.admin()
        .createFederation(
            CreateFederationRequest.newBuilder().setRelationship(relationship()).build());

    FederationRelationship fetched = refresh();
    assertThat(fetched.getStatus().getLastError()).isEmpty();
    assertThat(fetched.getStatus().getSequence()).isEqualTo(1);
    assertThat(Federated.bundleOf(a, PARTNER)).contains(partner.bundle(1));

    // set by hand again while federated: the endpoint's bundle, not older than what it served
    // before, replaces it
    setByHand();
    assertThat(refresh().getStatus().getFailing()).isFalse();
    assertThat(Federated.bundleOf(a, PARTNER)).contains(partner.bundle(1));
  }

  @Test
  void theEndpointMayStillNotGoBackwards() {
    partner.document.set(SpiffeBundleFormat.write(partner.bundle(5)));
    setByHand();
    a.admin()
        .createFederation(
            CreateFederationRequest.newBuilder().setRelationship(relationship()).build());
    assertThat(refresh().getStatus().getSequence()).isEqualTo(5);

    partner.document.set(SpiffeBundleFormat.write(partner.bundle(4)));
    FederationRelationship refused = refresh();
    assertThat(refused.getStatus().getLastError())
        .isEqualTo(partner.url() + ": spiffe_sequence went backwards: 4 after 5");
    assertThat(Federated.bundleOf(a, PARTNER)).contains(partner.bundle(5));
  }

  private Bundle setByHand() {
    TrustBundle roots = TrustBundle.ofX509(PARTNER, List.of(partner.root.cert()));
    return a.admin()
        .setBundle(
            SetBundleRequest.newBuilder()
                .setBundle(
                    Bundle.newBuilder()
                        .setTrustDomain(PARTNER.name())
                        .setSpiffeBundle(SpiffeBundleFormat.write(roots)))
                .build());
  }

  private FederationRelationship relationship() {
    return FederationRelationship.newBuilder()
        .setTrustDomain(PARTNER.name())
        .setBundleEndpointUrl(partner.url().toString())
        .setBundleEndpointProfile("https_spiffe")
        .setEndpointSpiffeId(EndpointFixture.ENDPOINT_ID.toString())
        .build();
  }

  private FederationRelationship refresh() {
    return a.admin()
        .refreshFederation(
            RefreshFederationRequest.newBuilder().setTrustDomain(PARTNER.name()).build());
  }
}
