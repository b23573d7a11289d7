package dev.weft.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Mints certificates for tests, including deliberately broken ones. Start from {@link #svid},
 * {@link #ca} or {@link #selfSignedCa}, adjust, and {@link #build()}.
 *
 * <pre>{@code
 * Issued root = CertBuilder.selfSignedCa("example.org").build();
 * Issued leaf = CertBuilder.svid("spiffe://example.org/web").issuer(root).build();
 * Issued bad = CertBuilder.svid("spiffe://example.org/web").issuer(root).ca(true).build();
 * }</pre>
 */
public final class CertBuilder {
  /** A certificate with its key pair. */
  public record Issued(X509Certificate cert, KeyPair keyPair) {
    public PrivateKey privateKey() {
      return keyPair.getPrivate();
    }
  }

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffL);

  private String subject = "O=Weft Test";
  private final List<String> uris = new ArrayList<>();
  private final List<String> dnsNames = new ArrayList<>();
  private Instant notBefore = Instant.now().minus(Duration.ofMinutes(1));
  private Instant notAfter = Instant.now().plus(Duration.ofHours(1));
  private Boolean ca;
  private Integer pathLen;
  private Integer keyUsage;
  private boolean keyUsageCritical = true;
  private boolean extendedKeyUsage;
  private KeyPair keyPair;
  private X509Certificate issuerCert;
  private PrivateKey issuerKey;
  private String signatureAlgorithm;

  private CertBuilder() {}

  /** An SVID leaf: cA=false, digitalSignature (critical), serverAuth+clientAuth. */
  public static CertBuilder svid(String spiffeId) {
    CertBuilder b = new CertBuilder();
    b.uris.add(spiffeId);
    b.ca = false;
    b.keyUsage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
    b.extendedKeyUsage = true;
    b.subject = "O=Weft Test,CN=svid";
    return b;
  }

  /** An intermediate CA for {@code trustDomain}: cA=true, keyCertSign+cRLSign (critical). */
  public static CertBuilder ca(String trustDomain) {
    CertBuilder b = new CertBuilder();
    b.uris.add("spiffe://" + trustDomain);
    b.ca = true;
    b.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
    b.subject = "O=Weft Test,CN=" + trustDomain + " CA";
    return b;
  }

  /** A self-signed root CA for {@code trustDomain}. */
  public static CertBuilder selfSignedCa(String trustDomain) {
    CertBuilder b = ca(trustDomain);
    b.subject = "O=Weft Test,CN=" + trustDomain + " root";
    return b;
  }

  public CertBuilder subject(String dn) {
    this.subject = dn;
    return this;
  }

  /** Replaces the URI SANs (none, one, or several). */
  public CertBuilder uris(String... uris) {
    this.uris.clear();
    this.uris.addAll(List.of(uris));
    return this;
  }

  public CertBuilder dnsNames(String... names) {
    this.dnsNames.addAll(List.of(names));
    return this;
  }

  public CertBuilder validity(Instant notBefore, Instant notAfter) {
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    return this;
  }

  /** Sets basicConstraints cA; {@code null} omits the extension. */
  public CertBuilder ca(Boolean ca) {
    this.ca = ca;
    return this;
  }

  public CertBuilder pathLen(int pathLen) {
    this.pathLen = pathLen;
    return this;
  }

  /** Sets key usage bits (BouncyCastle {@link KeyUsage} constants); {@code null} omits it. */
  public CertBuilder keyUsage(Integer bits, boolean critical) {
    this.keyUsage = bits;
    this.keyUsageCritical = critical;
    return this;
  }

  public CertBuilder keyPair(KeyPair keyPair) {
    this.keyPair = keyPair;
    return this;
  }

  public CertBuilder issuer(Issued issuer) {
    return issuer(issuer.cert(), issuer.privateKey());
  }

  /**
   * Signs with {@code key} while naming {@code cert} as issuer; pass a key that does not match the
   * certificate to forge a signature.
   */
  public CertBuilder issuer(X509Certificate cert, PrivateKey key) {
    this.issuerCert = cert;
    this.issuerKey = key;
    return this;
  }

  public CertBuilder signatureAlgorithm(String algorithm) {
    this.signatureAlgorithm = algorithm;
    return this;
  }

  public Issued build() {
    try {
      KeyPair keys = keyPair != null ? keyPair : Keys.ec256();
      X500Name subjectName = new X500Name(subject);
      X500Name issuerName =
          issuerCert == null
              ? subjectName
              : X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded());
      PrivateKey signer = issuerKey == null ? keys.getPrivate() : issuerKey;
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              subjectName,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      if (issuerCert != null) {
        b.addExtension(
            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
      }
      if (ca != null) {
        BasicConstraints bc =
            ca && pathLen != null ? new BasicConstraints(pathLen) : new BasicConstraints(ca);
        b.addExtension(Extension.basicConstraints, true, bc);
      }
      if (keyUsage != null) {
        b.addExtension(Extension.keyUsage, keyUsageCritical, new KeyUsage(keyUsage));
      }
      if (extendedKeyUsage) {
        b.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
      List<GeneralName> names = new ArrayList<>();
      for (String uri : uris) {
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
      }
      for (String dns : dnsNames) {
        names.add(new GeneralName(GeneralName.dNSName, dns));
      }
      if (!names.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(new GeneralName[0])));
      }
      String alg = signatureAlgorithm != null ? signatureAlgorithm : defaultAlgorithm(signer);
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
      return new Issued(cert, keys);
    } catch (Exception e) {
      throw new IllegalStateException("test certificate could not be built", e);
    }
  }

  private static String defaultAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
  }
}
