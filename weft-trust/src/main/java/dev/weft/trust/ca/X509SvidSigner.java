package dev.weft.trust.ca;

import dev.weft.identity.spiffeid.SpiffeId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Signs X.509-SVIDs with one CA key. Immutable and thread-safe: everything that does not depend on
 * the request (issuer name, AKI, algorithm identifier, fixed extensions) is encoded once; each call
 * creates its own {@link Signature}.
 */
final class X509SvidSigner {
  /** How far an SVID's notBefore is set back, for clocks that run behind ours. */
  static final Duration BACKDATE = Duration.ofSeconds(10);

  /** Longest CN (RFC 5280 ub-common-name); a longer first DNS name is left out of the subject. */
  static final int MAX_CN_LENGTH = 64;

  private static final RDN ORGANIZATION = new RDN(BCStyle.O, new DERUTF8String("Weft"));
  private static final X500Name SUBJECT_WITHOUT_CN = new X500Name(new RDN[] {ORGANIZATION});
  private static final Extension BASIC_CONSTRAINTS =
      extension(Extension.basicConstraints, true, new BasicConstraints(false));
  private static final Extension KEY_USAGE_EC =
      extension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
  private static final Extension KEY_USAGE_RSA =
      extension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
  private static final Extension EXTENDED_KEY_USAGE =
      extension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));

  private final X509Certificate caCertificate;
  private final String algorithm;
  private final AlgorithmIdentifier algorithmId;
  private final byte[] algorithmIdDer;
  private final X500Name issuer;
  private final Extension authorityKeyId;
  private final List<X509Certificate> chainTail;
  private final Instant caNotBefore;
  private final Instant caNotAfter;
  private final SigningBackend.RawSigner signer;

  /**
   * @param caCertificate the signing CA's certificate
   * @param key the signing CA's private key
   * @param chainTail certificates that follow the leaf in every chain (intermediates), possibly
   *     none
   * @param backend how signatures are computed
   */
  X509SvidSigner(
      X509Certificate caCertificate,
      PrivateKey key,
      List<X509Certificate> chainTail,
      SigningBackend backend)
      throws CaException {
    this.caCertificate = caCertificate;
    this.algorithm = KeyMaterial.signatureAlgorithm(caCertificate.getPublicKey());
    this.algorithmId = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
    try {
      this.algorithmIdDer = algorithmId.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new CaException("signature algorithm " + algorithm + ": cannot be encoded", e);
    }
    this.issuer = X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
    this.authorityKeyId =
        extension(
            Extension.authorityKeyIdentifier,
            false,
            new AuthorityKeyIdentifier(CaCertificates.subjectKeyIdentifierOf(caCertificate)));
    this.chainTail = List.copyOf(chainTail);
    this.caNotBefore = caCertificate.getNotBefore().toInstant();
    this.caNotAfter = caCertificate.getNotAfter().toInstant();
    this.signer = backend.signer(key, algorithm);
  }

  X509Certificate caCertificate() {
    return caCertificate;
  }

  Instant caNotAfter() {
    return caNotAfter;
  }

  /**
   * Signs an X.509-SVID for {@code id} and {@code publicKey} valid from {@code now} minus {@link
   * #BACKDATE} (not before the CA) for {@code ttl}, capped at the CA's notAfter. Arguments must
   * have been checked by the caller.
   *
   * @return the chain, leaf first
   */
  List<X509Certificate> sign(
      SpiffeId id, PublicKey publicKey, Duration ttl, List<String> dnsNames, Instant now)
      throws CaException {
    Instant notBefore = now.minus(BACKDATE);
    if (notBefore.isBefore(caNotBefore)) {
      notBefore = caNotBefore;
    }
    Instant notAfter = now.plus(ttl);
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    try {
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
      GeneralName[] names = new GeneralName[1 + dnsNames.size()];
      names[0] = new GeneralName(GeneralName.uniformResourceIdentifier, id.toString());
      for (int i = 0; i < dnsNames.size(); i++) {
        names[i + 1] = new GeneralName(GeneralName.dNSName, dnsNames.get(i));
      }
      Extension[] extensions = {
        BASIC_CONSTRAINTS,
        publicKey instanceof RSAPublicKey ? KEY_USAGE_RSA : KEY_USAGE_EC,
        EXTENDED_KEY_USAGE,
        extension(
            Extension.subjectKeyIdentifier,
            false,
            new SubjectKeyIdentifier(sha1(spki.getPublicKeyData().getBytes()))),
        authorityKeyId,
        extension(Extension.subjectAlternativeName, false, new GeneralNames(names)),
      };
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(KeyMaterial.randomSerial()));
      tbs.setSignature(algorithmId);
      tbs.setIssuer(issuer);
      tbs.setStartDate(time(notBefore));
      tbs.setEndDate(time(notAfter));
      tbs.setSubject(subject(dnsNames));
      tbs.setSubjectPublicKeyInfo(spki);
      tbs.setExtensions(new Extensions(extensions));
      byte[] tbsDer = tbs.generateTBSCertificate().getEncoded(ASN1Encoding.DER);
      byte[] der = certificate(tbsDer, signer.sign(tbsDer));
      X509Certificate leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      if (chainTail.isEmpty()) {
        return List.of(leaf);
      }
      List<X509Certificate> chain = new ArrayList<>(1 + chainTail.size());
      chain.add(leaf);
      chain.addAll(chainTail);
      return List.copyOf(chain);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new CaException("X.509-SVID " + id + ": cannot be signed: " + e.getMessage(), e);
    }
  }

  /**
   * The DER Certificate: SEQUENCE { tbsCertificate, signatureAlgorithm, BIT STRING signature },
   * assembled from the already encoded TBS so that it is not encoded twice.
   */
  private byte[] certificate(byte[] tbsDer, byte[] signature) {
    int bitStringContent = signature.length + 1;
    int bitStringLength = 1 + lengthOfLength(bitStringContent) + bitStringContent;
    int content = tbsDer.length + algorithmIdDer.length + bitStringLength;
    byte[] der = new byte[1 + lengthOfLength(content) + content];
    int at = 0;
    der[at++] = 0x30;
    at = writeLength(der, at, content);
    System.arraycopy(tbsDer, 0, der, at, tbsDer.length);
    at += tbsDer.length;
    System.arraycopy(algorithmIdDer, 0, der, at, algorithmIdDer.length);
    at += algorithmIdDer.length;
    der[at++] = 0x03;
    at = writeLength(der, at, bitStringContent);
    der[at++] = 0x00;
    System.arraycopy(signature, 0, der, at, signature.length);
    return der;
  }

  private static int lengthOfLength(int length) {
    if (length < 0x80) {
      return 1;
    }
    return length < 0x100 ? 2 : length < 0x10000 ? 3 : 4;
  }

  private static int writeLength(byte[] out, int at, int length) {
    int bytes = lengthOfLength(length) - 1;
    if (bytes == 0) {
      out[at++] = (byte) length;
      return at;
    }
    out[at++] = (byte) (0x80 | bytes);
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
      out[at++] = (byte) (length >>> shift);
    }
    return at;
  }

  private static X500Name subject(List<String> dnsNames) {
    if (dnsNames.isEmpty() || dnsNames.getFirst().length() > MAX_CN_LENGTH) {
      return SUBJECT_WITHOUT_CN;
    }
    return new X500Name(
        new RDN[] {ORGANIZATION, new RDN(BCStyle.CN, new DERUTF8String(dnsNames.getFirst()))});
  }

  /**
   * RFC 5280 time: UTCTime through 2049, GeneralizedTime after, whole seconds. Encoded directly,
   * since Bouncy Castle's Date constructors build a date formatter per call.
   */
  static Time time(Instant instant) throws IOException {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    boolean utc = t.getYear() >= 1950 && t.getYear() < 2050;
    StringBuilder s = new StringBuilder(15);
    if (utc) {
      two(s, t.getYear() % 100);
    } else {
      s.append(t.getYear());
    }
    two(s, t.getMonthValue());
    two(s, t.getDayOfMonth());
    two(s, t.getHour());
    two(s, t.getMinute());
    two(s, t.getSecond());
    s.append('Z');
    byte[] text = s.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] der = new byte[2 + text.length];
    der[0] = (byte) (utc ? 0x17 : 0x18);
    der[1] = (byte) text.length;
    System.arraycopy(text, 0, der, 2, text.length);
    return Time.getInstance(ASN1Primitive.fromByteArray(der));
  }

  private static void two(StringBuilder s, int value) {
    s.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static byte[] sha1(byte[] data) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-1").digest(data);
  }

  private static Extension extension(
      org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    try {
      return new Extension(oid, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
    } catch (IOException e) {
      throw new IllegalStateException("extension " + oid + " cannot be encoded", e);
    }
  }
}
