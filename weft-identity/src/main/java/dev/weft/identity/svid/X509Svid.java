package dev.weft.identity.svid;

import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * An X.509-SVID: a certificate chain (leaf first) whose leaf carries exactly one URI SAN, the
 * SPIFFE ID, together with the leaf's private key. Immutable. {@link #toString()} never shows the
 * key.
 *
 * <p>Creating an {@code X509Svid} checks its shape (see {@link #of}), not its trust; use {@link
 * X509SvidVerifier} for that.
 */
public final class X509Svid {
  private final SpiffeId id;
  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;
  private final String hint;

  private X509Svid(SpiffeId id, List<X509Certificate> chain, PrivateKey privateKey, String hint) {
    this.id = id;
    this.chain = chain;
    this.privateKey = privateKey;
    this.hint = hint;
  }

  /**
   * An SVID of {@code chain} (leaf first) and the leaf's private key. Checks the shape the
   * X.509-SVID standard requires of an SVID, not its trust: the leaf has exactly one URI SAN, a
   * SPIFFE ID with a non-root path; cA=false and a critical key usage with digitalSignature and
   * without keyCertSign or cRLSign; every further certificate has cA=true and keyCertSign; and the
   * private key matches the leaf's public key.
   *
   * @throws SvidException naming the rule the chain or key breaks; never containing key material
   */
  public static X509Svid of(List<X509Certificate> chain, PrivateKey privateKey, String hint)
      throws SvidException {
    Objects.requireNonNull(privateKey, "privateKey");
    if (chain.isEmpty()) {
      throw new SvidException("X.509-SVID: empty certificate chain");
    }
    X509Certificate leaf = chain.getFirst();
    SpiffeId id = X509Constraints.leafId(leaf);
    String who = "X.509-SVID " + id + ": ";
    X509Constraints.checkLeaf(leaf, who);
    for (int i = 1; i < chain.size(); i++) {
      X509Constraints.checkSigningCertificate(
          chain.get(i), who + "certificate " + i + " of the chain: ");
    }
    X509Constraints.checkKeyMatches(privateKey, leaf, who);
    return new X509Svid(id, List.copyOf(chain), privateKey, hint == null ? "" : hint);
  }

  /**
   * Parses the Workload API encoding: concatenated DER certificates and a PKCS#8 DER key.
   *
   * @throws SvidException if either does not parse; the message never contains key material
   */
  public static X509Svid parseDer(byte[] certificates, byte[] pkcs8Key, String hint)
      throws SvidException {
    List<X509Certificate> chain;
    try {
      chain = Pem.parseDerCertificates(certificates);
    } catch (CertificateException e) {
      throw new SvidException("X.509-SVID: " + e.getMessage(), e);
    }
    PrivateKey key;
    try {
      key = Pem.parsePkcs8(pkcs8Key);
    } catch (GeneralSecurityException e) {
      throw new SvidException("X.509-SVID: " + e.getMessage(), e);
    }
    return of(chain, key, hint);
  }

  /**
   * The SPIFFE ID in the single URI SAN of {@code cert}, which may be a leaf or a signing
   * certificate (so a trust domain ID without path is accepted here).
   *
   * @throws SvidException if there is no URI SAN, more than one, or it is not a SPIFFE ID
   */
  public static SpiffeId spiffeIdOf(X509Certificate cert) throws SvidException {
    return spiffeIdOf(cert, "certificate");
  }

  /** {@link #spiffeIdOf(X509Certificate)}, naming the certificate {@code what} in errors. */
  static SpiffeId spiffeIdOf(X509Certificate cert, String what) throws SvidException {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new SvidException("X.509-SVID: " + what + " subject alternative names do not parse", e);
    }
    List<String> uris = new ArrayList<>();
    if (sans != null) {
      for (List<?> san : sans) {
        if (Integer.valueOf(6).equals(san.get(0))) {
          uris.add(String.valueOf(san.get(1)));
        }
      }
    }
    if (uris.size() != 1) {
      throw new SvidException(
          "X.509-SVID: " + what + " has " + uris.size() + " URI SANs (expected: exactly 1)");
    }
    try {
      return SpiffeId.parse(uris.getFirst());
    } catch (InvalidSpiffeIdException e) {
      throw new SvidException("X.509-SVID: " + what + " URI SAN: " + e.getMessage(), e);
    }
  }

  public SpiffeId id() {
    return id;
  }

  /** The chain, leaf first, without the root. */
  public List<X509Certificate> chain() {
    return chain;
  }

  public X509Certificate leaf() {
    return chain.getFirst();
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The operator's hint for choosing among several SVIDs; empty if none. */
  public String hint() {
    return hint;
  }

  public Instant expiresAt() {
    return leaf().getNotAfter().toInstant();
  }

  public Instant issuedAt() {
    return leaf().getNotBefore().toInstant();
  }

  @Override
  public String toString() {
    return "X509Svid["
        + id
        + ", serial="
        + leaf().getSerialNumber().toString(16)
        + ", expires="
        + expiresAt()
        + "]";
  }
}
