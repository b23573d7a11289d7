package dev.weft.identity.bundle;

import static dev.weft.identity.bundle.SpiffeBundleFormat.USE_JWT_SVID;
import static dev.weft.identity.bundle.SpiffeBundleFormat.USE_X509_SVID;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One JWK of a SPIFFE bundle: read with the bundle format's rules, or written. */
final class Jwks {
  /** Key types we can use; keys of other types are ignored, as the bundle format requires. */
  static final Set<String> SUPPORTED_KTY = Set.of("EC", "RSA");

  private Jwks() {}

  /**
   * Reads one key into {@code x509} or {@code jwt}, or ignores it (missing or unknown use,
   * unsupported kty).
   *
   * @throws BundleException naming {@code where} and the field that is wrong
   */
  static void read(
      String where, Map<String, Object> key, List<X509Certificate> x509, Map<String, PublicKey> jwt)
      throws BundleException {
    Object use = key.get("use");
    if (!USE_X509_SVID.equals(use) && !USE_JWT_SVID.equals(use)) {
      return; // missing or unknown use: ignored, as the SPIFFE bundle format requires
    }
    Object kty = key.get("kty");
    if (!(kty instanceof String ktyName)) {
      throw new BundleException(
          where
              + ".kty: "
              + (kty == null ? "missing" : show(kty))
              + " (expected: a JWK key type such as EC)");
    }
    if (!SUPPORTED_KTY.contains(ktyName)) {
      return; // unknown or unsupported key type: ignored, as the SPIFFE bundle format requires
    }
    if (USE_X509_SVID.equals(use)) {
      Object x5c = key.get("x5c");
      if (!(x5c instanceof List<?> certs)) {
        throw new BundleException(
            where
                + ".x5c: "
                + (x5c == null ? "missing" : "not an array")
                + " (expected: exactly 1 certificate for use x509-svid)");
      }
      if (certs.size() != 1) {
        throw new BundleException(
            where
                + ".x5c: "
                + certs.size()
                + " certificates (expected: exactly 1 for use x509-svid)");
      }
    } else if (!(key.get("kid") instanceof String kid) || kid.isEmpty()) {
      throw new BundleException(where + ".kid: missing (expected: a key ID for use jwt-svid)");
    }
    JWK jwk;
    try {
      jwk = JWK.parse(key);
    } catch (java.text.ParseException | IllegalArgumentException e) {
      throw new BundleException(where + ": not a valid " + ktyName + " JWK: " + e.getMessage(), e);
    }
    if (jwk.isPrivate()) {
      throw new BundleException(where + ": holds private key parameters (expected: public only)");
    }
    try {
      PublicKey publicKey = publicKey(jwk);
      if (USE_X509_SVID.equals(use)) {
        // JWK.parse has parsed the one certificate and checked that its key is the JWK's key.
        x509.add(jwk.getParsedX509CertChain().getFirst());
      } else {
        if (jwt.containsKey(jwk.getKeyID())) {
          throw new BundleException(where + ".kid: duplicate key ID " + show(jwk.getKeyID()));
        }
        jwt.put(jwk.getKeyID(), publicKey);
      }
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new BundleException(where + ": unusable public key: " + e.getMessage(), e);
    }
  }

  private static PublicKey publicKey(JWK jwk) throws com.nimbusds.jose.JOSEException {
    if (jwk.getKeyType() == KeyType.EC) {
      return jwk.toECKey().toPublicKey();
    }
    return jwk.toRSAKey().toPublicKey();
  }

  static JWK x509(X509Certificate cert) {
    List<Base64> x5c;
    try {
      x5c = List.of(Base64.encode(cert.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("CA certificate cannot be encoded", e);
    }
    KeyUse use = new KeyUse(USE_X509_SVID);
    PublicKey key = cert.getPublicKey();
    if (key instanceof ECPublicKey ec) {
      return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec)
          .keyUse(use)
          .x509CertChain(x5c)
          .build();
    }
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).keyUse(use).x509CertChain(x5c).build();
    }
    throw new IllegalArgumentException(
        "X.509 authority key: " + key.getAlgorithm() + " (expected: EC or RSA)");
  }

  static JWK jwt(String kid, PublicKey key, boolean withUse) {
    if (key instanceof ECPublicKey ec) {
      var b = new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(kid);
      return (withUse ? b.keyUse(new KeyUse(USE_JWT_SVID)) : b).build();
    }
    if (key instanceof RSAPublicKey rsa) {
      var b = new RSAKey.Builder(rsa).keyID(kid);
      return (withUse ? b.keyUse(new KeyUse(USE_JWT_SVID)) : b).build();
    }
    throw new IllegalArgumentException(
        "JWT authority key " + kid + ": " + key.getAlgorithm() + " (expected: EC or RSA)");
  }

  /** A JSON value as it would appear in the document, strings quoted and cut to 40 chars. */
  static String show(Object value) {
    if (value instanceof String str) {
      String cut = str.length() > 40 ? str.substring(0, 37) + "..." : str;
      return '"' + cut.replaceAll("\\p{Cntrl}", "?") + '"';
    }
    return String.valueOf(value);
  }
}
