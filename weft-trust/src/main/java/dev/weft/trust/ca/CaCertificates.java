package dev.weft.trust.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Mints the trust domain's CA certificates: self-signed roots or intermediates. */
final class CaCertificates {
  /** How far notBefore is set back, for clocks that run behind ours. */
  static final Duration BACKDATE = Duration.ofSeconds(10);

  private CaCertificates() {}

  /**
   * A CA certificate for {@code caKeys}: cA=true, critical key usage keyCertSign, cRLSign and
   * digitalSignature, URI SAN the trust domain's ID, SKI and AKI. Valid from {@code now} minus
   * {@link #BACKDATE} for the configured CA lifetime, capped at the upstream certificate's notAfter
   * when an upstream authority signs it.
   *
   * @throws CaException if the upstream certificate has expired or the certificate cannot be made
   */
  static X509Certificate mint(CaConfig config, KeyPair caKeys, Instant now) throws CaException {
    Optional<UpstreamAuthority> upstream = config.upstream();
    Instant notBefore = now.minus(BACKDATE);
    Instant notAfter = now.plus(config.caTtl());
    X500Name subject = config.subject().x500Name();
    X500Name issuer = subject;
    PrivateKey signer = caKeys.getPrivate();
    byte[] authorityKeyId = keyIdentifier(caKeys.getPublic());
    if (upstream.isPresent()) {
      X509Certificate up = upstream.get().certificate();
      Instant upNotAfter = up.getNotAfter().toInstant();
      if (!upNotAfter.isAfter(now)) {
        throw new CaException(
            "upstream certificate: expired at " + upNotAfter + " (expected: a valid upstream CA)");
      }
      if (upNotAfter.isBefore(notAfter)) {
        notAfter = upNotAfter;
      }
      Instant upNotBefore = up.getNotBefore().toInstant();
      if (upNotBefore.isAfter(notBefore)) {
        notBefore = upNotBefore;
      }
      issuer = X500Name.getInstance(up.getSubjectX500Principal().getEncoded());
      signer = upstream.get().key();
      authorityKeyId = subjectKeyIdentifierOf(up);
    }
    try {
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              issuer,
              KeyMaterial.randomSerial(),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              SubjectPublicKeyInfo.getInstance(caKeys.getPublic().getEncoded()));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new SubjectKeyIdentifier(keyIdentifier(caKeys.getPublic())));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName(
                  GeneralName.uniformResourceIdentifier, config.trustDomain().idString())));
      String algorithm =
          KeyMaterial.signatureAlgorithm(
              upstream.isPresent()
                  ? upstream.get().certificate().getPublicKey()
                  : caKeys.getPublic());
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    } catch (CertIOException | OperatorCreationException | CertificateException e) {
      throw new CaException("CA certificate: cannot be created: " + e.getMessage(), e);
    }
  }

  /** RFC 5280 key identifier, method 1: SHA-1 of the subjectPublicKey bit string. */
  static byte[] keyIdentifier(PublicKey key) {
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
    return sha1(info.getPublicKeyData().getBytes());
  }

  /** The certificate's SKI extension value, or its key identifier computed by method 1. */
  static byte[] subjectKeyIdentifierOf(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ext != null) {
      return SubjectKeyIdentifier.getInstance(
              org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets())
          .getKeyIdentifier();
    }
    return keyIdentifier(cert.getPublicKey());
  }

  static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
    }
  }
}
