package dev.weft.identity.svid;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
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
 *   <li>the leaf carries exactly one URI SAN, a valid SPIFFE ID;
 *   <li>the leaf has {@code cA=false}, a critical key usage with {@code digitalSignature} and
 *       without {@code keyCertSign} or {@code cRLSign};
 *   <li>every signing certificate in the chain has {@code cA=true} and {@code keyCertSign};
 *   <li>the chain validates (PKIX, signatures and validity at {@code now}) against the X.509
 *       authorities of the SVID's own trust domain only, never another domain's.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class X509SvidVerifier {
  private static final String KEY_USAGE_OID = "2.5.29.15";
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

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
    SpiffeId id = X509Svid.spiffeIdOf(leaf);
    String who = "X.509-SVID " + id + ": ";
    checkLeaf(leaf, who);
    for (int i = 1; i < chain.size(); i++) {
      checkSigningCertificate(chain.get(i), who + "certificate " + i + " of the chain: ");
    }
    TrustBundle bundle =
        bundles
            .get(id.trustDomain())
            .orElseThrow(
                () ->
                    new SvidException(
                        who + "no trust bundle for trust domain " + id.trustDomain()
                            + " (the domain is unknown or not federated)"));
    if (bundle.x509Authorities().isEmpty()) {
      throw new SvidException(
          who + "the bundle of trust domain " + id.trustDomain() + " has no X.509 authorities");
    }
    Date at = Date.from(now);
    if (at.after(leaf.getNotAfter())) {
      throw new SvidException(who + "expired at " + leaf.getNotAfter().toInstant());
    }
    if (at.before(leaf.getNotBefore())) {
      throw new SvidException(who + "not valid before " + leaf.getNotBefore().toInstant());
    }
    validatePath(chain, bundle, at, who);
    return id;
  }

  private static void checkLeaf(X509Certificate leaf, String who) throws SvidException {
    if (leaf.getBasicConstraints() != -1) {
      throw new SvidException(who + "leaf certificate has cA=true (expected: cA=false)");
    }
    boolean[] usage = leaf.getKeyUsage();
    if (usage == null) {
      throw new SvidException(who + "leaf certificate has no key usage (expected: digitalSignature)");
    }
    Set<String> critical = leaf.getCriticalExtensionOIDs();
    if (critical == null || !critical.contains(KEY_USAGE_OID)) {
      throw new SvidException(who + "leaf key usage is not marked critical");
    }
    if (!bit(usage, DIGITAL_SIGNATURE)) {
      throw new SvidException(who + "leaf key usage lacks digitalSignature");
    }
    if (bit(usage, KEY_CERT_SIGN)) {
      throw new SvidException(who + "leaf key usage has keyCertSign (not allowed in a leaf)");
    }
    if (bit(usage, CRL_SIGN)) {
      throw new SvidException(who + "leaf key usage has cRLSign (not allowed in a leaf)");
    }
  }

  private static void checkSigningCertificate(X509Certificate cert, String where)
      throws SvidException {
    if (cert.getBasicConstraints() == -1) {
      throw new SvidException(where + "cA=false (expected: cA=true for a signing certificate)");
    }
    boolean[] usage = cert.getKeyUsage();
    if (usage == null || !bit(usage, KEY_CERT_SIGN)) {
      throw new SvidException(where + "key usage lacks keyCertSign");
    }
  }

  private static void validatePath(
      List<X509Certificate> chain, TrustBundle bundle, Date at, String who) throws SvidException {
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate authority : bundle.x509Authorities()) {
      anchors.add(new TrustAnchor(authority, null));
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
      throw new SvidException(
          who + "chain does not verify against the bundle of trust domain "
              + bundle.trustDomain() + ": " + e.getMessage(),
          e);
    } catch (GeneralSecurityException e) {
      throw new SvidException(who + "chain cannot be validated: " + e.getMessage(), e);
    }
  }

  private static boolean bit(boolean[] usage, int index) {
    return usage.length > index && usage[index];
  }
}
