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
import dev.weft.proto.trust.v1.HealthRequest;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.TrustPlane;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * a.example federates with partner.org, whose bundle endpoint (a small fake on {@link
 * BundleEndpointServer}) first serves a good bundle with sequence 3, then serves what must be
 * refused, then goes down. Each refusal is recorded on the relationship with its reason, the last
 * good bundle stays in the store and at the workloads, and the server keeps serving.
 */
class KeepLastGoodBundleTest {
  private static final TrustDomain PARTNER = EndpointFixture.PARTNER;

  private final MutableClock clock = MutableClock.startingNow();
  private EndpointFixture partner;
  private TrustPlane a;
  private long goodFetchAt;

  @BeforeEach
  void start() throws Exception {
    partner = EndpointFixture.spiffe();
    partner.document.set(SpiffeBundleFormat.write(partner.bundle(3)));
    a = Federated.plane(clock, A);
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
    goodFetchAt = clock.instant().getEpochSecond();
    Federated.workload(a, "/web", PARTNER);
    awaitWorkloadsSee(partner.bundle(3));
  }

  @AfterEach
  void stop() {
    if (a != null) {
      a.close();
    }
    partner.close();
  }

  @Test
  void whatMustBeRefusedIsRecordedAndTheLastGoodBundleStays() {
    String good = SpiffeBundleFormat.write(partner.bundle(3));
    String root = Base64.getEncoder().encodeToString(der(partner.root));
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put(
        SpiffeBundleFormat.write(
            TrustBundle.ofX509(
                    PARTNER, List.of(CertBuilder.selfSignedCa("elsewhere.org").build().cert()))
                .withSequence(4)),
        "served a bundle of trust domain elsewhere.org (expected: partner.org)");
    refusals.put(
        "{\"keys\":\"none\",\"spiffe_sequence\":4}",
        "served an invalid bundle: bundle: keys: not an array (expected: an array of JWKs)");
    refusals.put(
        "{\"keys\":[{\"kty\":\"EC\",\"use\":\"x509-svid\",\"crv\":\"P-256\",\"x5c\":[\""
            + root
            + "\",\""
            + root
            + "\"]}],\"spiffe_sequence\":4}",
        "served an invalid bundle: bundle: keys[0].x5c: 2 certificates (expected: exactly 1 for use x509-svid)");
    refusals.put(
        good.replace(
            "\"keys\":[",
            "\"keys\":[{\"kty\":\"EC\",\"use\":\"jwt-svid\",\"crv\":\"P-256\","
                + "\"x\":\"2Ja-NfhK_LAVXJRXgj-7_dL1ssxaNfaf3UGDSheJTno\",\"y\":\"6HlqkMB-dhpuzfLIfLap0OPvz7AphiVKtt8ZxkA1UXc\"},"),
        "served an invalid bundle: bundle: keys[0].kid: missing (expected: a key ID for use jwt-svid)");
    refusals.put(
        SpiffeBundleFormat.write(partner.bundle(2)), "spiffe_sequence went backwards: 2 after 3");

    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      clock.advance(Duration.ofMinutes(1));
      partner.document.set(refusal.getKey());
      FederationRelationship after = refresh();
      assertThat(after.getStatus().getFailing()).as(refusal.getValue()).isTrue();
      assertThat(after.getStatus().getLastError())
          .isEqualTo(partner.url() + ": " + refusal.getValue());
      assertThat(after.getStatus().getLastErrorUnix()).isEqualTo(clock.instant().getEpochSecond());
      assertKept(after);
    }
    awaitWorkloadsSee(partner.bundle(3));
    assertThat(a.admin().health(HealthRequest.getDefaultInstance()).getServing()).isTrue();

    // a good bundle again: taken, and the last error stays on record
    clock.advance(Duration.ofMinutes(1));
    partner.document.set(SpiffeBundleFormat.write(partner.bundle(4)));
    FederationRelationship recovered = refresh();
    assertThat(recovered.getStatus().getFailing()).isFalse();
    assertThat(recovered.getStatus().getSequence()).isEqualTo(4);
    assertThat(recovered.getStatus().getLastSuccessUnix())
        .isEqualTo(clock.instant().getEpochSecond());
    assertThat(recovered.getStatus().getLastError())
        .endsWith("spiffe_sequence went backwards: 2 after 3");
    awaitWorkloadsSee(partner.bundle(4));
  }

  @Test
  void anEndpointThatIsDownKeepsTheLastGoodBundleAndIsRetriedAtTheFloor() {
    partner.close();
    clock.advance(Duration.ofMinutes(1));
    FederationRelationship after = refresh();
    assertThat(after.getStatus().getFailing()).isTrue();
    assertThat(after.getStatus().getLastError())
        .isEqualTo(partner.url() + ": cannot connect (connection refused or closed)");
    assertKept(after);

    // no manual refresh: the schedule retries after the floor and records the failure again
    clock.advance(Duration.ofMinutes(1));
    long now = clock.instant().getEpochSecond();
    await()
        .atMost(WAIT)
        .until(() -> Federated.show(a, PARTNER).getStatus().getLastErrorUnix() == now);
    assertKept(Federated.show(a, PARTNER));
    awaitWorkloadsSee(partner.bundle(3));
  }

  private FederationRelationship refresh() {
    return a.admin()
        .refreshFederation(
            RefreshFederationRequest.newBuilder().setTrustDomain(PARTNER.name()).build());
  }

  private void assertKept(FederationRelationship shown) {
    assertThat(shown.getStatus().getHasBundle()).isTrue();
    assertThat(shown.getStatus().getSequence()).isEqualTo(3);
    assertThat(shown.getStatus().getLastSuccessUnix()).isEqualTo(goodFetchAt);
    assertThat(Federated.bundleOf(a, PARTNER)).contains(partner.bundle(3));
    assertThat(a.agent().snapshot().bundles().get(PARTNER)).contains(partner.bundle(3));
  }

  private void awaitWorkloadsSee(TrustBundle bundle) {
    await()
        .atMost(WAIT)
        .until(
            () -> Federated.x509Bundles(a, a.workloadSocket()).get(PARTNER.idString()),
            Federated.der(bundle)::equals);
  }

  private static byte[] der(CertBuilder.Issued issued) {
    try {
      return issued.cert().getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
