package dev.weft.trust.ca;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * An upstream certificate authority that signs this trust domain's CA, which then is an
 * intermediate: X.509-SVID chains carry it after the leaf, and the trust bundle holds the upstream
 * roots instead of the CA itself.
 *
 * @param certificate the upstream CA certificate (cA=true with keyCertSign)
 * @param key the upstream CA's private key (never shown by {@link #toString()})
 * @param roots the upstream roots published in the trust bundle; {@code certificate} is one of them
 *     or is signed by one of them
 */
public record UpstreamAuthority(
    X509Certificate certificate, PrivateKey key, List<X509Certificate> roots) {

  public UpstreamAuthority {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    roots = List.copyOf(roots);
  }

  /**
   * Loads an upstream authority from PEM files, as SPIRE's disk upstream authority does.
   *
   * @param certFile the upstream CA certificate, exactly one {@code CERTIFICATE} block
   * @param keyFile its private key: PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) or
   *     PKCS#1 ({@code RSA PRIVATE KEY}), unencrypted
   * @param bundleFile the upstream roots; may be omitted only if the certificate is self-signed,
   *     which then is the one root
   * @throws CaException naming the file and what is wrong with it: unreadable, no certificate, no
   *     key, key does not match the certificate, certificate is not a CA with keyCertSign, or does
   *     not chain to the roots
   */
  public static UpstreamAuthority load(Path certFile, Path keyFile, Optional<Path> bundleFile)
      throws CaException {
    List<X509Certificate> certs = readCertificates(certFile, "upstream certificate");
    if (certs.size() != 1) {
      throw new CaException(
          "upstream certificate "
              + certFile
              + ": "
              + certs.size()
              + " certificates (expected: exactly one, the upstream CA's; roots go in the bundle file)");
    }
    X509Certificate certificate = certs.getFirst();
    PrivateKey key = readKey(keyFile);
    if (!KeyMaterial.matches(key, certificate.getPublicKey())) {
      throw new CaException(
          "upstream key " + keyFile + ": does not match the certificate in " + certFile);
    }
    List<X509Certificate> roots;
    if (bundleFile.isPresent()) {
      roots = readCertificates(bundleFile.get(), "upstream bundle");
    } else if (selfSigned(certificate)) {
      roots = List.of(certificate);
    } else {
      throw new CaException(
          "upstream certificate "
              + certFile
              + ": not self-signed and no bundle file given"
              + " (expected: a bundle file with the upstream roots)");
    }
    UpstreamAuthority upstream = new UpstreamAuthority(certificate, key, roots);
    upstream.validate("upstream certificate " + certFile);
    return upstream;
  }

  /** Whether {@code certificate} is also one of the roots (so chains need not carry it). */
  boolean certificateIsRoot() {
    return roots.contains(certificate);
  }

  /**
   * Checks that the certificate is a CA that may sign an intermediate, that the key matches it, and
   * that it chains to the roots.
   */
  void validate(String where) throws CaException {
    if (roots.isEmpty()) {
      throw new CaException(where + ": no upstream roots (expected: at least one)");
    }
    int pathLen = certificate.getBasicConstraints();
    if (pathLen < 0) {
      throw new CaException(where + ": not a CA certificate (expected: basicConstraints cA=true)");
    }
    if (pathLen == 0) {
      throw new CaException(
          where + ": pathLenConstraint 0 (expected: at least 1, to sign this trust domain's CA)");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage == null || usage.length < 6 || !usage[5]) {
      throw new CaException(where + ": key usage lacks keyCertSign");
    }
    KeyMaterial.signatureAlgorithm(certificate.getPublicKey());
    if (!KeyMaterial.matches(key, certificate.getPublicKey())) {
      throw new CaException(where + ": the upstream key does not match the certificate");
    }
    if (!certificateIsRoot() && roots.stream().noneMatch(root -> signedBy(certificate, root))) {
      throw new CaException(
          where
              + ": not signed by any of the "
              + roots.size()
              + " upstream roots (issuer "
              + certificate.getIssuerX500Principal().getName()
              + ")");
    }
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "UpstreamAuthority["
        + certificate.getSubjectX500Principal().getName()
        + ", serial "
        + certificate.getSerialNumber().toString(16)
        + ", notAfter "
        + certificate.getNotAfter().toInstant()
        + ", roots="
        + roots.size()
        + "]";
  }

  static boolean selfSigned(X509Certificate cert) {
    return signedBy(cert, cert);
  }

  static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<X509Certificate> readCertificates(Path file, String what) throws CaException {
    List<X509Certificate> certs = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof X509CertificateHolder holder) {
          certs.add(converter.getCertificate(holder));
        }
      }
    } catch (NoSuchFileException e) {
      throw new CaException(what + " " + file + ": no such file", e);
    } catch (IOException | RuntimeException e) {
      throw new CaException(what + " " + file + ": not valid PEM: " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new CaException(
          what + " " + file + ": a certificate does not parse: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new CaException(what + " " + file + ": no CERTIFICATE block found");
    }
    return certs;
  }

  private static PrivateKey readKey(Path file) throws CaException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMEncryptedKeyPair
            || object instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new CaException(
              "upstream key "
                  + file
                  + ": encrypted (expected: an unencrypted PKCS#8, SEC1 or PKCS#1 key)");
        }
      }
    } catch (NoSuchFileException e) {
      throw new CaException("upstream key " + file + ": no such file", e);
    } catch (IOException | RuntimeException e) {
      // Parser messages may quote input; the key file's content must never reach a message.
      throw new CaException(
          "upstream key "
              + file
              + ": not a valid PEM private key ("
              + e.getClass().getSimpleName()
              + ")");
    }
    throw new CaException(
        "upstream key "
            + file
            + ": no private key found (expected: PRIVATE KEY, EC PRIVATE KEY"
            + " or RSA PRIVATE KEY)");
  }
}
