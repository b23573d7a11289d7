package dev.weft.trust.ca;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * PKCS#10 certificate signing requests as agents send them: only a carrier of the public key, with
 * proof of possession (the request's self-signature). The subject is empty; the CA decides every
 * field of the certificate.
 */
public final class Csr {
  private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS =
      Set.of(
          X9ObjectIdentifiers.ecdsa_with_SHA256,
          X9ObjectIdentifiers.ecdsa_with_SHA384,
          X9ObjectIdentifiers.ecdsa_with_SHA512,
          PKCSObjectIdentifiers.sha256WithRSAEncryption,
          PKCSObjectIdentifiers.sha384WithRSAEncryption,
          PKCSObjectIdentifiers.sha512WithRSAEncryption);

  private Csr() {}

  /**
   * A DER PKCS#10 request for {@code keys}, signed with its private key (SHA-256 with ECDSA for
   * P-256, SHA-384 for P-384, SHA-256 with RSA for RSA).
   *
   * @throws IllegalArgumentException if the key is not EC P-256, EC P-384 or RSA of 2048 to 8192
   *     bits
   */
  public static byte[] create(KeyPair keys) {
    String algorithm;
    try {
      KeyMaterial.checkWorkloadKey(keys.getPublic());
      algorithm = KeyMaterial.signatureAlgorithm(keys.getPublic());
    } catch (CaException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    try {
      return new PKCS10CertificationRequestBuilder(
              new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
              SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()))
          .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()))
          .getEncoded();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("CSR: cannot be created: " + e.getMessage(), e);
    }
  }

  /**
   * The public key of the DER PKCS#10 request {@code der}, after checking that the request is
   * signed by that key with SHA-256/384/512 and ECDSA or RSA, and that the key is EC P-256, EC
   * P-384 or RSA of 2048 to 8192 bits.
   *
   * @throws CaException saying which check failed
   */
  public static PublicKey verifiedPublicKey(byte[] der) throws CaException {
    if (der == null || der.length == 0) {
      throw new CaException("CSR: empty (expected: a DER PKCS#10 request)");
    }
    PKCS10CertificationRequest request;
    try {
      request = new PKCS10CertificationRequest(der);
    } catch (IOException | RuntimeException e) {
      throw new CaException("CSR: not a DER PKCS#10 request (" + der.length + " bytes)", e);
    }
    ASN1ObjectIdentifier algorithm = request.getSignatureAlgorithm().getAlgorithm();
    if (!SIGNATURE_ALGORITHMS.contains(algorithm)) {
      throw new CaException(
          "CSR: signature algorithm "
              + algorithm
              + " (expected: ECDSA or RSA PKCS#1 v1.5 with SHA-256, SHA-384 or SHA-512)");
    }
    PublicKey key;
    try {
      key = new JcaPKCS10CertificationRequest(request).getPublicKey();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CaException("CSR: public key does not parse", e);
    }
    try {
      KeyMaterial.checkWorkloadKey(key);
    } catch (CaException e) {
      throw new CaException("CSR: " + e.getMessage(), e);
    }
    boolean valid;
    try {
      valid =
          request.isSignatureValid(
              new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()));
    } catch (OperatorCreationException | PKCSException | RuntimeException e) {
      throw new CaException("CSR: signature cannot be checked: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new CaException(
          "CSR: signature does not verify (the request is not signed by the key it carries)");
    }
    return key;
  }
}
