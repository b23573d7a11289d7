package dev.weft.identity.bundle;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SPIFFE bundle format: a JWK Set whose keys carry {@code use} {@code x509-svid} (with the
 * CA certificate as the only {@code x5c} entry) or {@code jwt-svid} (with a {@code kid}), plus the
 * top-level {@code spiffe_sequence} and {@code spiffe_refresh_hint} (seconds).
 *
 * <p>Parsing is strict where the standard is strict and lenient where it asks to be: keys with
 * an unknown {@code use} or {@code kty} are skipped; an x509-svid key whose {@code x5c} does not
 * hold exactly one certificate, or a jwt-svid key without {@code kid}, rejects the whole bundle.
 */
public final class SpiffeBundleFormat {
  /** {@code use} of keys that are X.509 authorities. */
  public static final String USE_X509_SVID = "x509-svid";
  /** {@code use} of keys that are JWT authorities. */
  public static final String USE_JWT_SVID = "jwt-svid";

  private static final Set<String> SUPPORTED_KTY = Set.of("EC", "RSA");

  private SpiffeBundleFormat() {}

  /**
   * Parses a SPIFFE bundle document for {@code trustDomain}.
   *
   * @throws BundleException naming the key index and field that is wrong
   */
  public static TrustBundle parse(TrustDomain trustDomain, String json) throws BundleException {
    Map<String, Object> doc;
    try {
      doc = JSONObjectUtils.parse(json);
    } catch (java.text.ParseException e) {
      throw new BundleException("bundle: not a JSON object: " + e.getMessage(), e);
    }
    Object keys = doc.get("keys");
    if (!(keys instanceof List<?> keyList)) {
      throw new BundleException("bundle: \"keys\" is missing or not an array");
    }
    List<X509Certificate> x509 = new ArrayList<>();
    Map<String, PublicKey> jwt = new LinkedHashMap<>();
    for (int i = 0; i < keyList.size(); i++) {
      if (!(keyList.get(i) instanceof Map<?, ?> raw)) {
        throw new BundleException("bundle: keys[" + i + "] is not an object");
      }
      readKey(i, asStringMap(raw), x509, jwt);
    }
    TrustBundle bundle = TrustBundle.empty(trustDomain).withX509Authorities(x509).withJwtAuthorities(jwt);
    Object sequence = doc.get("spiffe_sequence");
    if (sequence != null) {
      bundle = bundle.withSequence(nonNegativeLong(sequence, "spiffe_sequence"));
    }
    Object hint = doc.get("spiffe_refresh_hint");
    if (hint != null) {
      bundle = bundle.withRefreshHint(Duration.ofSeconds(nonNegativeLong(hint, "spiffe_refresh_hint")));
    }
    return bundle;
  }

  /** {@link #parse(TrustDomain, String)} of UTF-8 bytes. */
  public static TrustBundle parse(TrustDomain trustDomain, byte[] json) throws BundleException {
    return parse(trustDomain, new String(json, StandardCharsets.UTF_8));
  }

  /** Writes {@code bundle} as a SPIFFE bundle document (compact JSON). */
  public static String write(TrustBundle bundle) {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<Object> keys = new ArrayList<>();
    for (X509Certificate cert : bundle.x509Authorities()) {
      keys.add(x509Jwk(cert).toJSONObject());
    }
    for (Map.Entry<String, PublicKey> e : bundle.jwtAuthorities().entrySet()) {
      keys.add(jwtJwk(e.getKey(), e.getValue(), true).toJSONObject());
    }
    doc.put("keys", keys);
    bundle.sequence().ifPresent(s -> doc.put("spiffe_sequence", s));
    bundle.refreshHint().ifPresent(h -> doc.put("spiffe_refresh_hint", h.toSeconds()));
    return JSONObjectUtils.toJSONString(doc);
  }

  /**
   * Writes the JWT authorities of {@code bundle} as a plain JWKS, the Workload API's encoding of
   * JWT bundles.
   */
  public static String writeJwks(TrustBundle bundle) {
    List<Object> keys = new ArrayList<>();
    for (Map.Entry<String, PublicKey> e : bundle.jwtAuthorities().entrySet()) {
      keys.add(jwtJwk(e.getKey(), e.getValue(), false).toJSONObject());
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("keys", keys);
    return JSONObjectUtils.toJSONString(doc);
  }

  /**
   * Parses a plain JWKS (the Workload API's JWT bundle) into the JWT authorities of
   * {@code trustDomain}. Every key of a supported type needs a {@code kid}; a {@code use}, if
   * present, must be {@code jwt-svid}.
   */
  public static TrustBundle parseJwks(TrustDomain trustDomain, byte[] json) throws BundleException {
    Map<String, Object> doc;
    try {
      doc = JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
    } catch (java.text.ParseException e) {
      throw new BundleException("JWT bundle: not a JSON object: " + e.getMessage(), e);
    }
    if (!(doc.get("keys") instanceof List<?> keyList)) {
      throw new BundleException("JWT bundle: \"keys\" is missing or not an array");
    }
    Map<String, PublicKey> jwt = new LinkedHashMap<>();
    for (int i = 0; i < keyList.size(); i++) {
      if (!(keyList.get(i) instanceof Map<?, ?> raw)) {
        throw new BundleException("JWT bundle: keys[" + i + "] is not an object");
      }
      Map<String, Object> key = new LinkedHashMap<>(asStringMap(raw));
      key.putIfAbsent("use", USE_JWT_SVID);
      List<X509Certificate> ignored = new ArrayList<>();
      readKey(i, key, ignored, jwt);
      if (!ignored.isEmpty()) {
        throw new BundleException("JWT bundle: keys[" + i + "].use: x509-svid (expected: jwt-svid)");
      }
    }
    return TrustBundle.ofJwt(trustDomain, jwt);
  }

  /**
   * The X.509 authorities of {@code trustDomain} from concatenated DER certificates (the Workload
   * API's encoding of X.509 bundles).
   */
  public static TrustBundle parseX509Der(TrustDomain trustDomain, byte[] der) throws BundleException {
    try {
      return TrustBundle.ofX509(trustDomain, Pem.parseDerCertificates(der));
    } catch (CertificateException e) {
      throw new BundleException("X.509 bundle of " + trustDomain + ": " + e.getMessage(), e);
    }
  }

  private static void readKey(
      int index, Map<String, Object> key, List<X509Certificate> x509, Map<String, PublicKey> jwt)
      throws BundleException {
    String where = "bundle: keys[" + index + "]";
    Object use = key.get("use");
    Object kty = key.get("kty");
    if (!(kty instanceof String ktyName)) {
      throw new BundleException(where + ".kty: missing (expected: a JWK key type such as EC)");
    }
    if (!USE_X509_SVID.equals(use) && !USE_JWT_SVID.equals(use)) {
      return; // unknown use: skipped, as the SPIFFE bundle format asks
    }
    if (!SUPPORTED_KTY.contains(ktyName)) {
      return; // unknown or unsupported key type: skipped
    }
    if (USE_X509_SVID.equals(use)) {
      Object x5c = key.get("x5c");
      int count = x5c instanceof List<?> l ? l.size() : 0;
      if (count != 1) {
        throw new BundleException(
            where + ".x5c: " + count + " certificates (expected: exactly 1 for use x509-svid)");
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
    try {
      if (USE_X509_SVID.equals(use)) {
        List<X509Certificate> chain = jwk.getParsedX509CertChain();
        if (chain == null || chain.size() != 1) {
          throw new BundleException(where + ".x5c: does not hold a parsable X.509 certificate");
        }
        x509.add(chain.getFirst());
      } else {
        if (jwt.containsKey(jwk.getKeyID())) {
          throw new BundleException(where + ".kid: duplicate key ID " + quote(jwk.getKeyID()));
        }
        jwt.put(jwk.getKeyID(), publicKey(jwk));
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

  private static JWK x509Jwk(X509Certificate cert) {
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

  private static JWK jwtJwk(String kid, PublicKey key, boolean withUse) {
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

  private static long nonNegativeLong(Object value, String field) throws BundleException {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 0) {
      return n.longValue();
    }
    throw new BundleException("bundle: " + field + ": " + value + " (expected: an integer >= 0)");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asStringMap(Map<?, ?> raw) {
    return (Map<String, Object>) raw;
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }
}
