package dev.weft.identity.svid;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.CertBuilder.Issued;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A small PKI around a fixed instant {@link #NOW}: certificates are valid from an hour before to an
 * hour after it unless a test says otherwise, so verification never depends on the wall clock.
 */
final class TestPki {
  static final Instant NOW = Instant.parse("2031-05-04T12:00:00Z");
  static final Instant BEFORE = NOW.minus(Duration.ofHours(1));
  static final Instant AFTER = NOW.plus(Duration.ofHours(1));
  static final TrustDomain A = TrustDomain.parse("a.org");
  static final TrustDomain B = TrustDomain.parse("b.org");
  static final String WEB = "spiffe://a.org/web";

  private TestPki() {}

  static CertBuilder root(String trustDomain) {
    return CertBuilder.selfSignedCa(trustDomain)
        .validity(BEFORE.minus(Duration.ofDays(1)), AFTER.plus(Duration.ofDays(1)));
  }

  static CertBuilder intermediate(String trustDomain, Issued issuer) {
    return CertBuilder.ca(trustDomain).issuer(issuer).validity(BEFORE, AFTER);
  }

  static CertBuilder leaf(String spiffeId, Issued issuer) {
    return CertBuilder.svid(spiffeId).issuer(issuer).validity(BEFORE, AFTER);
  }

  static BundleSet bundles(TrustDomain td, Issued... roots) {
    return BundleSet.of(bundle(td, roots));
  }

  static TrustBundle bundle(TrustDomain td, Issued... roots) {
    return TrustBundle.ofX509(td, java.util.Arrays.stream(roots).map(Issued::cert).toList());
  }

  static List<X509Certificate> chain(Issued... certs) {
    return java.util.Arrays.stream(certs).map(Issued::cert).toList();
  }
}
