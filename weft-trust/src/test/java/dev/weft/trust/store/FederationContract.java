package dev.weft.trust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.trust.federation.BundleEndpointProfile;
import dev.weft.trust.federation.FederationRecord;
import dev.weft.trust.federation.FederationRelationship;
import dev.weft.trust.federation.FederationStatus;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Federation relationships and the outcome of their fetches, across a restart. */
abstract class FederationContract extends StoreContract {
  static final TrustDomain PARTNER = TrustDomain.parse("partner.org");
  static final TrustDomain WEB = TrustDomain.parse("web.org");
  static final Instant T = Instant.parse("2026-11-02T10:00:00.500Z");
  static final TrustBundle FETCHED =
      TrustBundle.ofX509(PARTNER, List.of(CertBuilder.selfSignedCa("partner.org").build().cert()))
          .withSequence(7);

  static FederationRelationship spiffe(String url) {
    TrustBundle bootstrap =
        TrustBundle.ofX509(
            PARTNER, List.of(CertBuilder.selfSignedCa("partner.org").build().cert()));
    return new FederationRelationship(
        PARTNER,
        URI.create(url),
        BundleEndpointProfile.HTTPS_SPIFFE,
        Optional.of(SpiffeId.parse("spiffe://partner.org/weft/server")),
        Optional.of(bootstrap),
        FederationRelationship.Source.API);
  }

  static FederationRelationship web() {
    return new FederationRelationship(
        WEB,
        URI.create("https://bundles.web.org"),
        BundleEndpointProfile.HTTPS_WEB,
        Optional.empty(),
        Optional.empty(),
        FederationRelationship.Source.CONFIG);
  }

  @Test
  void relationshipsAreStoredListedAndDeleted() throws Exception {
    FederationRelationship partner = spiffe("https://partner.org:8443");
    store.putFederation(web());
    store.putFederation(partner);

    assertThat(store.federation(PARTNER))
        .contains(new FederationRecord(partner, FederationStatus.never()));
    assertThat(store.federations())
        .extracting(FederationRecord::relationship)
        .containsExactly(partner, web());

    assertThat(store.deleteFederation(PARTNER)).isTrue();
    assertThat(store.deleteFederation(PARTNER)).isFalse();
    assertThat(store.federations())
        .extracting(FederationRecord::relationship)
        .containsExactly(web());
  }

  @Test
  void statusSurvivesARestartAndAnUpdateOfTheRelationship() throws Exception {
    store.putFederation(spiffe("https://partner.org:8443"));
    FederationStatus status =
        FederationStatus.never().succeeded(T, FETCHED).failed(T.plusSeconds(60), "down");
    store.recordFederationStatus(PARTNER, status);

    FederationRelationship moved = spiffe("https://bundles.partner.org");
    reopen().putFederation(moved);

    assertThat(store.federation(PARTNER)).contains(new FederationRecord(moved, status));
    assertThat(store.federation(PARTNER).orElseThrow().status().failing()).isTrue();
    assertThat(store.federation(PARTNER).orElseThrow().status().fetchedSequence()).hasValue(7);
  }

  @Test
  void theMostRecentAttemptDecidesFailingEvenAtTheSameInstant() throws Exception {
    store.putFederation(spiffe("https://partner.org:8443"));
    FederationStatus failed =
        FederationStatus.never().succeeded(T, FETCHED).failed(T, "served garbage");
    store.recordFederationStatus(PARTNER, failed);
    assertThat(store.federation(PARTNER).orElseThrow().status().failing()).isTrue();

    FederationStatus recovered = failed.succeeded(T, TrustBundle.empty(PARTNER));
    store.recordFederationStatus(PARTNER, recovered);
    FederationStatus read = store.federation(PARTNER).orElseThrow().status();
    assertThat(read.failing()).isFalse();
    assertThat(read.lastError()).contains("served garbage"); // kept for the record
    assertThat(read.fetchedSequence()).isEmpty(); // the last bundle had no sequence
    assertThat(read).isEqualTo(recovered);
  }

  @Test
  void statusOfAnUnknownRelationshipIsNotFoundAndStoresNothing() throws Exception {
    StoreException e =
        failure(
            () ->
                store.recordFederationStatus(
                    PARTNER, FederationStatus.never().succeeded(T, FETCHED)));
    assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo("federation relationship with partner.org: not found");
    assertThat(store.federations()).isEmpty();
  }
}
