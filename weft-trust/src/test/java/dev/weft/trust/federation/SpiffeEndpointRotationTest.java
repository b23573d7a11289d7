package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.federation.Federated.show;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.testing.MutableClock;
import dev.weft.trust.server.Certificates;
import dev.weft.trust.server.TrustPlane;
import java.net.URI;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The https_spiffe profile across a CA rotation of the serving side: a.example has a one-hour CA
 * and twenty-minute SVIDs; b.example fetches a.example's bundle, first authenticating the endpoint
 * with the bootstrap bundle, then with the bundle it last fetched. The shared clock moves in
 * nine-minute steps across the preparation of a.example's next CA (at half its life), its
 * activation (at five sixths) and the expiry of the first one; after each step b.example must hold
 * a.example's current bundle, and it never fails a fetch, although by the end the bootstrap bundle
 * no longer authenticates the endpoint.
 */
class SpiffeEndpointRotationTest {
  private static final Duration STEP = Duration.ofMinutes(9);

  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane a;
  private TrustPlane b;

  @BeforeEach
  void start() throws Exception {
    a =
        TrustPlane.startServer(
            clock,
            A,
            c ->
                c.federation(Federated.spiffeEndpoint())
                    .caTtl(Duration.ofMinutes(60))
                    .defaultX509SvidTtl(Duration.ofMinutes(20)),
            Federated::options);
    b =
        TrustPlane.startServer(
            clock, B, c -> c.federation(Federated.spiffeEndpoint()), Federated::options);
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
  void theFetchedBundleAuthenticatesTheEndpointAfterItsCaRotated() throws Exception {
    TrustBundle bootstrap = a.bundle();
    assertThat(bootstrap.x509Authorities()).hasSize(1);
    X509Certificate firstRoot = bootstrap.x509Authorities().getFirst();
    assertThat(Federated.federate(b, a)).isEqualTo(bootstrap);
    FederationRelationship first = show(b, A);
    assertThat(first.getStatus().getHasBundle()).isTrue();
    assertThat(first.getStatus().getSequence()).isEqualTo(bootstrap.sequence().orElseThrow());
    assertThat(first.getStatus().getLastError()).isEmpty();

    Instant end = firstRoot.getNotAfter().toInstant().plus(STEP);
    Instant bothRootsHeld = null;
    Instant signedByNext = null;
    X509Certificate nextRoot = null;
    while (clock.instant().isBefore(end)) {
      clock.advance(STEP);
      a.awaitServerSvidValid();
      TrustBundle held = Federated.awaitBundle(b, A, h -> h.equals(a.bundle()));
      if (bothRootsHeld == null && held.x509Authorities().size() == 2) {
        bothRootsHeld = clock.instant();
        nextRoot =
            held.x509Authorities().stream()
                .filter(r -> !r.equals(firstRoot))
                .findFirst()
                .orElseThrow();
        assertThat(held.sequence().orElseThrow()).isGreaterThan(bootstrap.sequence().orElseThrow());
      }
      X509Certificate leaf =
          Certificates.presentedBy(a.server().bundleEndpointAddress().orElseThrow(), WAIT);
      if (signedByNext == null && nextRoot != null && signedBy(leaf, nextRoot)) {
        signedByNext = clock.instant();
      }
    }
    assertThat(bothRootsHeld).as("b.example held a.example's next root").isNotNull();
    assertThat(signedByNext)
        .as("a.example's endpoint presented an SVID of its next CA")
        .isNotNull();
    assertThat(bothRootsHeld).isBefore(signedByNext);

    // the first CA has expired: its root is gone (the one after next may be there), and every
    // fetch succeeded
    TrustBundle last = Federated.awaitBundle(b, A, h -> h.equals(a.bundle()));
    assertThat(last.x509Authorities()).contains(nextRoot).doesNotContain(firstRoot);
    FederationRelationship after = show(b, A);
    assertThat(after.getStatus().getLastError()).isEmpty();
    assertThat(after.getStatus().getFailing()).isFalse();
    assertThat(after.getStatus().getLastSuccessUnix())
        .isGreaterThanOrEqualTo(signedByNext.getEpochSecond());
    assertThat(after.getStatus().getSequence()).isEqualTo(last.sequence().orElseThrow());

    // with nothing but the bootstrap bundle, the endpoint would no longer be trusted
    URI url = URI.create(Federated.url(a));
    var bootstrapOnly =
        new dev.weft.trust.federation.FederationRelationship(
            A,
            url,
            BundleEndpointProfile.HTTPS_SPIFFE,
            Optional.of(SpiffeId.parse("spiffe://a.example/weft/server")),
            Optional.of(bootstrap),
            dev.weft.trust.federation.FederationRelationship.Source.API);
    BundleFetcher fetcher =
        new BundleFetcher(FetchLimits.defaults(), SSLContext.getDefault(), clock);
    assertThatThrownBy(() -> fetcher.fetch(bootstrapOnly, Optional.empty(), OptionalLong.empty()))
        .isInstanceOf(FederationException.class)
        .hasMessageStartingWith(
            url + ": TLS: bundle endpoint: X.509-SVID spiffe://a.example/weft/server");
    assertThat(fetcher.fetch(bootstrapOnly, Optional.of(last), OptionalLong.empty()))
        .isEqualTo(a.bundle());
  }

  private boolean signedBy(X509Certificate leaf, X509Certificate root) throws Exception {
    try {
      Certificates.verifyPkix(List.of(leaf), List.of(root), clock.instant());
      return true;
    } catch (CertPathValidatorException e) {
      return false;
    }
  }
}
