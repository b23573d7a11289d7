package dev.weft.identity.pem;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes certificates ({@code CERTIFICATE}) and PKCS#8 private keys ({@code PRIVATE
 * KEY}) as PEM, and concatenated DER certificates as the Workload API carries them. Errors never
 * include key material.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  private Pem() {}

  /**
   * Parses every {@code CERTIFICATE} block of {@code pem}, in order.
   *
   * @throws CertificateException if there is none or one does not parse
   */
  public static List<X509Certificate> parseCertificates(String pem) throws CertificateException {
    List<X509Certificate> certs = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    int index = 0;
    while (m.find()) {
      if (!m.group(1).equals("CERTIFICATE")) {
        continue;
      }
      byte[] der = decode(m.group(2), "certificate " + index);
      certs.add(parseCertificate(der, "certificate " + index));
      index++;
    }
    if (certs.isEmpty()) {
      throw new CertificateException("PEM: no CERTIFICATE block found");
    }
    return List.copyOf(certs);
  }

  /**
   * Parses the single {@code PRIVATE KEY} (PKCS#8) block of {@code pem}; EC, RSA and Ed25519
   * keys are recognised.
   *
   * @throws GeneralSecurityException if there is no such block or it does not parse; the message
   *     never contains key material
   */
  public static PrivateKey parsePrivateKey(String pem) throws GeneralSecurityException {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals("PRIVATE KEY")) {
        return parsePkcs8(decode(m.group(2), "private key"));
      }
      if (m.group(1).endsWith("PRIVATE KEY")) {
        throw new GeneralSecurityException(
            "PEM: " + m.group(1) + " is not supported (expected: PKCS#8 \"PRIVATE KEY\"; convert"
                + " with: openssl pkcs8 -topk8 -nocrypt)");
      }
    }
    throw new GeneralSecurityException("PEM: no PRIVATE KEY block found");
  }

  /** Parses a PKCS#8 DER private key of algorithm EC, RSA or Ed25519. */
  public static PrivateKey parsePkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(
        "private key: not a PKCS#8 EC, RSA or Ed25519 key (" + der.length + " bytes)");
  }

  /**
   * Parses concatenated DER certificates (the Workload API's encoding of chains and bundles).
   *
   * @throws CertificateException if the bytes are empty or not a sequence of certificates
   */
  public static List<X509Certificate> parseDerCertificates(byte[] der) throws CertificateException {
    if (der.length == 0) {
      throw new CertificateException("DER: no certificate (0 bytes)");
    }
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certs = new ArrayList<>();
    try {
      for (var c : factory.generateCertificates(new ByteArrayInputStream(der))) {
        certs.add((X509Certificate) c);
      }
    } catch (CertificateException e) {
      throw new CertificateException("DER: certificates do not parse: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new CertificateException("DER: no certificate in " + der.length + " bytes");
    }
    return List.copyOf(certs);
  }

  /** Concatenates the DER encodings of {@code certs}. */
  public static byte[] concatDer(List<X509Certificate> certs) {
    var out = new java.io.ByteArrayOutputStream();
    for (X509Certificate cert : certs) {
      out.writeBytes(der(cert));
    }
    return out.toByteArray();
  }

  /** PEM text of the certificates, one block each. */
  public static String writeCertificates(List<X509Certificate> certs) {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate cert : certs) {
      sb.append(block("CERTIFICATE", der(cert)));
    }
    return sb.toString();
  }

  /** PEM text of a private key as PKCS#8. The caller must protect the result. */
  public static String writePrivateKey(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  static X509Certificate parseCertificate(byte[] der, String what) throws CertificateException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new CertificateException("PEM: " + what + " does not parse: " + e.getMessage(), e);
    }
  }

  private static byte[] der(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  private static byte[] decode(String base64, String what) throws CertificateException {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new CertificateException("PEM: " + what + " is not valid base64");
    }
  }

  private static String block(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
