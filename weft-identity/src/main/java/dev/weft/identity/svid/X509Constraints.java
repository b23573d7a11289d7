package dev.weft.identity.svid;

import dev.weft.identity.spiffeid.SpiffeId;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * The X.509-SVID standard's rules on the shape of leaf and signing certificates (sections 3, 4 and
 * 5.2), shared by {@link X509Svid#of} and {@link X509SvidVerifier}. Each check throws an {@link
 * SvidException} whose message starts with the caller's prefix and names the rule.
 */
final class X509Constraints {
  private static final String KEY_USAGE_OID = "2.5.29.15";
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

  private X509Constraints() {}

  /** The leaf's SPIFFE ID: exactly one URI SAN, a SPIFFE ID with a non-root path. */
  static SpiffeId leafId(X509Certificate leaf) throws SvidException {
    SpiffeId id = X509Svid.spiffeIdOf(leaf, "leaf certificate");
    if (id.path().isEmpty()) {
      throw new SvidException(
          "X.509-SVID "
              + id
              + ": leaf SPIFFE ID has no path (expected: a workload ID such as "
              + id
              + "/<path>; a trust domain ID is for signing certificates)");
    }
    return id;
  }

  /** cA=false; key usage present, critical, digitalSignature, no keyCertSign, no cRLSign. */
  static void checkLeaf(X509Certificate leaf, String who) throws SvidException {
    if (leaf.getBasicConstraints() != -1) {
      throw new SvidException(who + "leaf certificate has cA=true (expected: cA=false)");
    }
    boolean[] usage = leaf.getKeyUsage();
    if (usage == null) {
      throw new SvidException(
          who + "leaf certificate has no key usage (expected: critical, with digitalSignature)");
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

  /** cA=true and keyCertSign. */
  static void checkSigningCertificate(X509Certificate cert, String where) throws SvidException {
    if (cert.getBasicConstraints() == -1) {
      throw new SvidException(where + "cA=false (expected: cA=true for a signing certificate)");
    }
    boolean[] usage = cert.getKeyUsage();
    if (usage == null) {
      throw new SvidException(where + "no key usage (expected: keyCertSign)");
    }
    if (!bit(usage, KEY_CERT_SIGN)) {
      throw new SvidException(where + "key usage lacks keyCertSign");
    }
  }

  /**
   * What the key check signs. It need not be secret or random: the signature is what proves
   * possession, and a constant spares seeding a SecureRandom on every check.
   */
  private static final byte[] KEY_CHALLENGE =
      "weft: does this private key match the leaf certificate?"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Whether {@code key} is the private half of the leaf's public key, tested by signing a
   * challenge: works alike for EC, RSA and Ed25519 without comparing key internals.
   */
  static void checkKeyMatches(PrivateKey key, X509Certificate leaf, String who)
      throws SvidException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default ->
              throw new SvidException(
                  who
                      + "private key algorithm "
                      + key.getAlgorithm()
                      + " is not supported (expected: EC, RSA or Ed25519)");
        };
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(KEY_CHALLENGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(KEY_CHALLENGE);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false; // a key of another type or curve than the certificate's
    }
    if (!matches) {
      throw new SvidException(
          who + "private key does not match the public key of the leaf certificate");
    }
  }

  private static boolean bit(boolean[] usage, int index) {
    return usage.length > index && usage[index];
  }
}
