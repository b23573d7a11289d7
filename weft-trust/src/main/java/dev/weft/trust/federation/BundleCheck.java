package dev.weft.trust.federation;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509SvidVerifier;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a fetched bundle must satisfy before it replaces the last good one (which is otherwise
 * kept): it has authorities; no X.509 authority names another trust domain in a SPIFFE URI SAN;
 * once a numbered bundle was accepted from the endpoint, every later one has a {@code
 * spiffe_sequence} and it is not below that one (a bundle only moves forward: a rollback is refused
 * as such, {@link FederationException#rollback()}); and, for https_spiffe, it still authenticates
 * the endpoint it came from (or the next fetch would lock us out).
 */
final class BundleCheck {
  private BundleCheck() {}

  static void check(
      FederationRelationship relationship,
      TrustBundle fetched,
      OptionalLong lastSequence,
      Optional<List<X509Certificate>> endpointChain,
      Instant now)
      throws FederationException {
    String where = relationship.bundleEndpointUrl().toString();
    TrustDomain td = relationship.trustDomain();
    if (fetched.isEmpty()) {
      throw new FederationException(where + ": served a bundle without X.509 or JWT authorities");
    }
    for (X509Certificate authority : fetched.x509Authorities()) {
      Optional<TrustDomain> named = spiffeTrustDomainOf(authority);
      if (named.isPresent() && !named.get().equals(td)) {
        throw new FederationException(
            where + ": served a bundle of trust domain " + named.get() + " (expected: " + td + ")");
      }
    }
    if (lastSequence.isPresent() && fetched.sequence().isEmpty()) {
      throw FederationException.rollback(
          where
              + ": served a bundle without spiffe_sequence after sequence "
              + lastSequence.getAsLong()
              + " (expected: "
              + lastSequence.getAsLong()
              + " or higher; a bundle only"
              + " moves forward)");
    }
    if (lastSequence.isPresent() && fetched.sequence().getAsLong() < lastSequence.getAsLong()) {
      throw FederationException.rollback(
          where
              + ": spiffe_sequence went backwards: "
              + fetched.sequence().getAsLong()
              + " after "
              + lastSequence.getAsLong());
    }
    if (endpointChain.isPresent()) {
      try {
        X509SvidVerifier.verify(endpointChain.get(), BundleSet.of(fetched), now);
      } catch (SvidException e) {
        throw new FederationException(
            where
                + ": served a bundle that does not authenticate the"
                + " endpoint itself ("
                + e.getMessage()
                + ")",
            e);
      }
    }
  }

  private static Optional<TrustDomain> spiffeTrustDomainOf(X509Certificate cert) {
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans == null) {
        return Optional.empty();
      }
      for (List<?> san : sans) {
        if (Integer.valueOf(6).equals(san.get(0))
            && String.valueOf(san.get(1)).startsWith("spiffe://")) {
          return Optional.of(SpiffeId.parse(String.valueOf(san.get(1))).trustDomain());
        }
      }
    } catch (CertificateParsingException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
