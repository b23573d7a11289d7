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
 * Reads and writes certificates ({@code CERTIFICATE}) and PKCS#8 private keys ({@code PRIVATE KEY})
 * as PEM, and concatenated DER certificates as the Workload API carries them. Errors never include
 * key material.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final String PKCS8_CONVERT =
      "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";

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
      byte[] der = decode(m.group(2));
      if (der == null) {
        throw new CertificateException("PEM: certificate " + index + " is not valid base64");
      }
      certs.add(parseCertificate(der, "certificate " + index));
      index++;
    }
    if (certs.isEmpty()) {
      throw new CertificateException("PEM: no CERTIFICATE block found");
    }
    return List.copyOf(certs);
  }

  /**
   * Parses the single {@code PRIVATE KEY} (unencrypted PKCS#8) block of {@code pem}; EC, RSA and
   * Ed25519 keys are recognised. Other key blocks are refused with a hint to convert them:
   *
   * <ul>
   *   <li>{@code EC PRIVATE KEY} (SEC1) and {@code RSA PRIVATE KEY} (PKCS#1): {@code openssl pkcs8
   *       -topk8 -nocrypt -in key.pem -out key-pkcs8.pem};
   *   <li>{@code ENCRYPTED PRIVATE KEY}: {@code openssl pkcs8 -in key.pem -out key-pkcs8.pem}.
   * </ul>
   *
   * @throws GeneralSecurityException if there is no such block, more than one, or it does not
   *     parse; the message never contains key material
   */
  public static PrivateKey parsePrivateKey(String pem) throws GeneralSecurityException {
    Matcher m = BLOCK.matcher(pem);
    String body = null;
    int count = 0;
    while (m.find()) {
      String type = m.group(1);
      if (type.equals("PRIVATE KEY")) {
        body = m.group(2);
        count++;
      } else if (type.endsWith("PRIVATE KEY")) {
        throw new GeneralSecurityException(unsupportedKeyBlock(type));
      }
    }
    if (count == 0) {
      throw new GeneralSecurityException("PEM: no PRIVATE KEY block found");
    }
    if (count > 1) {
      throw new GeneralSecurityException(
          "PEM: " + count + " PRIVATE KEY blocks (expected: exactly 1)");
    }
    byte[] der = decode(body);
    if (der == null) {
      throw new GeneralSecurityException("PEM: private key is not valid base64");
    }
    return parsePkcs8(der);
  }

  private static String unsupportedKeyBlock(String type) {
    String expected = "(expected: PKCS#8 \"PRIVATE KEY\"";
    return switch (type) {
      case "EC PRIVATE KEY" ->
          "PEM: \"EC PRIVATE KEY\" (SEC1) is not supported "
              + expected
              + "; convert with: "
              + PKCS8_CONVERT
              + ")";
      case "RSA PRIVATE KEY" ->
          "PEM: \"RSA PRIVATE KEY\" (PKCS#1) is not supported "
              + expected
              + "; convert with: "
              + PKCS8_CONVERT
              + ")";
      case "ENCRYPTED PRIVATE KEY" ->
          "PEM: \"ENCRYPTED PRIVATE KEY\" is not supported (expected: an unencrypted PKCS#8"
              + " \"PRIVATE KEY\"; decrypt with: openssl pkcs8 -in key.pem -out key-pkcs8.pem)";
      default -> "PEM: \"" + type + "\" is not supported " + expected + ")";
    };
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
   * Strict: every byte must belong to a DER certificate, so trailing bytes, PEM text or a truncated
   * certificate are errors, not silently skipped.
   *
   * @throws CertificateException if the bytes are empty or not a sequence of certificates; the
   *     message gives the certificate's index and byte offset
   */
  public static List<X509Certificate> parseDerCertificates(byte[] der) throws CertificateException {
    if (der.length == 0) {
      throw new CertificateException("DER: no certificate (0 bytes)");
    }
    List<X509Certificate> certs = new ArrayList<>();
    int offset = 0;
    while (offset < der.length) {
      int end = derSequenceEnd(der, offset);
      if (end < 0) {
        throw new CertificateException(
            "DER: certificate "
                + certs.size()
                + " at byte "
                + offset
                + " of "
                + der.length
                + " is not a complete DER SEQUENCE (expected: concatenated DER certificates)");
      }
      try {
        certs.add(
            (X509Certificate)
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der, offset, end - offset)));
      } catch (CertificateException e) {
        throw new CertificateException(
            "DER: certificate " + certs.size() + " does not parse: " + e.getMessage(), e);
      }
      offset = end;
    }
    return List.copyOf(certs);
  }

  /**
   * The end offset of the DER SEQUENCE that starts at {@code offset}, or -1 if there is none
   * (another tag, an indefinite or over-long length, or too few bytes).
   */
  private static int derSequenceEnd(byte[] der, int offset) {
    if (der.length - offset < 2 || der[offset] != 0x30) {
      return -1;
    }
    int first = der[offset + 1] & 0xff;
    long length;
    int header;
    if (first < 0x80) {
      length = first;
      header = 2;
    } else {
      int octets = first & 0x7f;
      if (octets == 0 || octets > 4 || der.length - offset < 2 + octets) {
        return -1;
      }
      length = 0;
      for (int i = 0; i < octets; i++) {
        length = (length << 8) | (der[offset + 2 + i] & 0xff);
      }
      header = 2 + octets;
    }
    long end = offset + header + length;
    return end > der.length ? -1 : (int) end;
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
    if (derSequenceEnd(der, 0) != der.length) {
      throw new CertificateException(
          "PEM: " + what + " is not exactly one DER certificate (" + der.length + " bytes)");
    }
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

  /** Strict base64 of a PEM body (line breaks and other whitespace ignored), or null. */
  private static byte[] decode(String body) {
    String base64 = WHITESPACE.matcher(body).replaceAll("");
    if (base64.isEmpty()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null; // the exception's message could quote the offending characters
    }
  }

  private static String block(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
