package dev.weft.trust.ca;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.MutableClock;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/** Shared set-up for the CA tests: a trust domain, a clock, a journal and key directory. */
final class CaTesting {
  static final TrustDomain TD = TrustDomain.parse("example.org");
  static final SpiffeId WEB = SpiffeId.parse("spiffe://example.org/ns/prod/web");
  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  private CaTesting() {}

  static MutableClock clock() {
    return new MutableClock(START);
  }

  static CertificateAuthority open(CaConfig config, KeyManager keys, Path dir, MutableClock clock)
      throws CaException {
    return CertificateAuthority.open(config, keys, dir.resolve("ca-journal.json"), clock);
  }

  static CertificateAuthority open(KeyManager keys, Path dir, MutableClock clock)
      throws CaException {
    return open(CaConfig.defaults(TD), keys, dir, clock);
  }

  /** The serial number of the certificate that signed {@code cert}, found among {@code cas}. */
  static BigInteger issuerSerial(X509Certificate cert, List<X509Certificate> cas) {
    for (X509Certificate ca : cas) {
      if (signedBy(cert, ca.getPublicKey())) {
        return ca.getSerialNumber();
      }
    }
    throw new AssertionError("no CA signed " + cert.getSubjectX500Principal());
  }

  static boolean signedBy(X509Certificate cert, PublicKey key) {
    try {
      cert.verify(key);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static Optional<X509Certificate> bySerial(List<X509Certificate> certs, BigInteger serial) {
    return certs.stream().filter(c -> c.getSerialNumber().equals(serial)).findFirst();
  }

  static byte[] authorityKeyId(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets())
        .getKeyIdentifierOctets();
  }

  static byte[] subjectKeyId(X509Certificate cert) {
    return CaCertificates.subjectKeyIdentifierOf(cert);
  }
}
