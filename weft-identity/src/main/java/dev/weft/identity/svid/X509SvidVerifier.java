package dev.weft.identity.svid;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies X.509-SVID chains as the X.509-SVID standard requires, failing closed:
 *
 * <ul>
 *   <li>the leaf carries exactly one URI SAN, a valid SPIFFE ID with a non-root path;
 *   <li>the leaf has {@code cA=false}, a critical key usage with {@code digitalSignature} and
 *       without {@code keyCertSign} or {@code cRLSign};
 *   <li>every signing certificate in the chain has {@code cA=true} and {@code keyCertSign};
 *   <li>every certificate of the chain is valid at {@code now};
 *   <li>the chain validates (RFC 5280 path validation: names, signatures, basic constraints, path
 *       length) against the X.509 authorities of the SVID's own trust domain only, never another
 *       domain's, and only against authorities that are CAs valid at {@code now}.
 * </ul>
 *
 * Stateless and thread-safe. Revocation is not checked (SPIFFE relies on short-lived SVIDs).
 */
public final class X509SvidVerifier {
  private static final int KEY_CERT_SIGN = 5;

  private X509SvidVerifier() {}

  /**
   * Verifies {@code chain} (leaf first, intermediates after, the root optional) and returns the
   * SVID's SPIFFE ID.
   *
   * @throws SvidException naming the SPIFFE ID (when known) and the rule that failed
   */
  public static SpiffeId verify(List<X509Certificate> chain, BundleSet bundles, Instant now)
      throws SvidException {
    if (chain == null || chain.isEmpty()) {
      throw new SvidException("X.509-SVID: empty certificate chain");
    }
    X509Certificate leaf = chain.getFirst();
    SpiffeId id = X509Constraints.leafId(leaf);
    String who = "X.509-SVID " + id + ": ";
    X509Constraints.checkLeaf(leaf, who);
    for (int i = 1; i < chain.size(); i++) {
      X509Constraints.checkSigningCertificate(chain.get(i), where(who, i));
    }
    TrustBundle bundle =
        bundles
            .get(id.trustDomain())
            .orElseThrow(
                () ->
                    new SvidException(
                        who
                            + "no trust bundle for trust domain "
                            + id.trustDomain()
                            + " (the domain is unknown or not federated)"));
    if (bundle.x509Authorities().isEmpty()) {
      throw new SvidException(
          who + "the bundle of trust domain " + id.trustDomain() + " has no X.509 authorities");
    }
    Date at = Date.from(now);
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate cert = chain.get(i);
      String subject = i == 0 ? who : where(who, i);
      if (at.after(cert.getNotAfter())) {
        throw new SvidException(subject + "expired at " + cert.getNotAfter().toInstant());
      }
      if (at.before(cert.getNotBefore())) {
        throw new SvidException(subject + "not valid before " + cert.getNotBefore().toInstant());
      }
    }
    validatePath(chain, bundle, at, who);
    return id;
  }

  private static String where(String who, int index) {
    return who + "certificate " + index + " of the chain: ";
  }

  /**
   * The authorities that may anchor a path at {@code at}: valid then, CAs, and with keyCertSign if
   * they carry a key usage. The JDK's PKIX validator checks none of this for trust anchors.
   */
  private static Set<TrustAnchor> anchors(TrustBundle bundle, Date at) {
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate authority : bundle.x509Authorities()) {
      boolean valid = !at.before(authority.getNotBefore()) && !at.after(authority.getNotAfter());
      boolean[] usage = authority.getKeyUsage();
      boolean signs = usage == null || (usage.length > KEY_CERT_SIGN && usage[KEY_CERT_SIGN]);
      if (valid && authority.getBasicConstraints() != -1 && signs) {
        anchors.add(new TrustAnchor(authority, null));
      }
    }
    return anchors;
  }

  private static void validatePath(
      List<X509Certificate> chain, TrustBundle bundle, Date at, String who) throws SvidException {
    String domain = "trust domain " + bundle.trustDomain();
    Set<TrustAnchor> anchors = anchors(bundle, at);
    if (anchors.isEmpty()) {
      throw new SvidException(
          who
              + "no X.509 authority of "
              + domain
              + " is usable at "
              + at.toInstant()
              + " (each is expired, not yet valid, or not a CA with keyCertSign)");
    }
    List<X509Certificate> path = new ArrayList<>(chain);
    // A chain that ends in one of the bundle's own authorities: PKIX wants it without the anchor.
    while (path.size() > 1 && bundle.x509Authorities().contains(path.getLast())) {
      path.removeLast();
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      CertPath certPath = factory.generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(at);
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
    } catch (CertPathValidatorException e) {
      if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
        throw new SvidException(
            who + "chain is not signed by a usable X.509 authority of " + domain, e);
      }
      if (e.getReason() == BasicReason.INVALID_SIGNATURE && e.getIndex() >= 0) {
        throw new SvidException(
            where(who, e.getIndex()) + "signature does not verify against its issuer", e);
      }
      throw new SvidException(
          who + "chain does not verify against the bundle of " + domain + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new SvidException(who + "chain cannot be validated: " + e.getMessage(), e);
    }
  }
}
