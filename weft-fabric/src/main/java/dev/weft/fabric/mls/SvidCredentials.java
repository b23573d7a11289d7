package dev.weft.fabric.mls;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.svid.X509SvidVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.codec.Certificate;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.CredentialType;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.crypto.MlsCipherSuite;

/**
 * Turns X.509-SVIDs into MLS X.509 credentials and signature keys, and checks a leaf's credential
 * on admission. bcmls models the X.509 credential ({@code certificates<V>}, RFC 9420 section 5.3)
 * but gives {@link Certificate} no public constructor or accessor, so certificates go in and out
 * through the MLS codec.
 */
final class SvidCredentials {
  /** The cipher suite of every group: P-256 keys, as X.509-SVIDs carry by default. */
  static final short SUITE_ID = MlsCipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;

  private static final ECParameterSpec P256 = p256();

  private SvidCredentials() {}

  static MlsCipherSuite suite() throws MlsException {
    try {
      return MlsCipherSuite.getSuite(SUITE_ID);
    } catch (Exception e) {
      throw new MlsException("MLS cipher suite " + SUITE_ID + " is unavailable", e);
    }
  }

  /** The SVID's chain as an MLS X.509 credential (leaf first). */
  static Credential credential(X509Svid svid) throws MlsException {
    try {
      List<Certificate> certificates = new ArrayList<>();
      for (X509Certificate cert : svid.chain()) {
        MLSOutputStream out = new MLSOutputStream();
        out.writeOpaque(cert.getEncoded());
        certificates.add((Certificate) MLSInputStream.decode(out.toByteArray(), Certificate.class));
      }
      return new Credential(CredentialType.x509, null, certificates);
    } catch (IOException | GeneralSecurityException e) {
      throw new MlsException("X.509-SVID " + svid.id() + ": cannot encode as MLS credential", e);
    }
  }

  /** The SVID's key as an MLS signature key pair; only EC P-256 keys fit the group's suite. */
  static AsymmetricCipherKeyPair signatureKeys(X509Svid svid) throws MlsException {
    PublicKey key = svid.leaf().getPublicKey();
    if (!isP256(key)) {
      throw new MlsException(
          "X.509-SVID "
              + svid.id()
              + " key: "
              + describe(key)
              + " (expected: EC P-256, the key type of MLS cipher suite "
              + SUITE_ID
              + ")");
    }
    try {
      AsymmetricKeyParameter publicKey = PublicKeyFactory.createKey(key.getEncoded());
      AsymmetricKeyParameter privateKey =
          PrivateKeyFactory.createKey(svid.privateKey().getEncoded());
      return new AsymmetricCipherKeyPair(publicKey, privateKey);
    } catch (IOException | RuntimeException e) {
      throw new MlsException("X.509-SVID " + svid.id() + ": key cannot be used for MLS", e);
    }
  }

  /**
   * Admits the member in {@code leaf}: an X.509 credential whose chain is a valid X.509-SVID of a
   * trust domain in {@code bundles} at {@code now}, whose leaf certificate holds the leaf's MLS
   * signature key. Returns its SPIFFE ID; the caller applies the policy.
   */
  static SpiffeId verify(
      LeafNode leaf, MlsCipherSuite suite, BundleSet bundles, Instant now, String what)
      throws MlsException {
    Credential credential = leaf.getCredential();
    if (credential == null || credential.getCredentialType() != CredentialType.x509) {
      throw new MlsException(
          what
              + " credential: "
              + (credential == null ? "none" : credential.getCredentialType())
              + " (expected: an X.509 credential holding an X.509-SVID)");
    }
    List<X509Certificate> chain = chain(credential, what);
    SpiffeId id;
    try {
      id = X509SvidVerifier.verify(chain, bundles, now);
    } catch (SvidException e) {
      throw new MlsException(
          what
              + " credential: "
              + e.getMessage()
              + " (expected: an X.509-SVID that chains to a bundle of a trusted trust domain)",
          e);
    }
    PublicKey key = chain.getFirst().getPublicKey();
    byte[] certKey;
    try {
      certKey =
          isP256(key)
              ? suite.serializeSignaturePublicKey(PublicKeyFactory.createKey(key.getEncoded()))
              : new byte[0];
    } catch (IOException | RuntimeException e) {
      throw new MlsException(what + " " + id + ": certificate key cannot be read", e);
    }
    if (!Arrays.equals(certKey, leaf.getSignatureKey())) {
      throw new MlsException(
          what
              + " "
              + id
              + " signature key: not the key of its X.509-SVID (expected: the SVID's EC P-256"
              + " key)");
    }
    return id;
  }

  private static List<X509Certificate> chain(Credential credential, String what)
      throws MlsException {
    try {
      MLSInputStream in = new MLSInputStream(MLSOutputStream.encode(credential));
      in.read(short.class);
      List<Certificate> certificates = new ArrayList<>();
      in.readList(certificates, Certificate.class);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : certificates) {
        byte[] der = new MLSInputStream(MLSOutputStream.encode(certificate)).readOpaque();
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
      if (chain.isEmpty()) {
        throw new MlsException(
            what + " credential: no certificates (expected: an X.509-SVID chain)");
      }
      return chain;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new MlsException(
          what + " credential: malformed certificate chain (expected: DER X.509 certificates)", e);
    }
  }

  private static boolean isP256(PublicKey key) {
    return key instanceof ECPublicKey ec
        && ec.getParams().getCurve().equals(P256.getCurve())
        && ec.getParams().getOrder().equals(P256.getOrder());
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no EC P-256 (secp256r1)", e);
    }
  }

  private static String describe(PublicKey key) {
    return key instanceof ECPublicKey ec
        ? "EC " + ec.getParams().getCurve().getField().getFieldSize() + "-bit"
        : key.getAlgorithm();
  }
}
