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
 * a missing or unknown {@code use}, or an unknown {@code kty}, are ignored. The whole bundle is
 * rejected, with a message naming the key index and field, for: an x509-svid key whose {@code
 * x5c} does not hold exactly one certificate (the X.509-SVID standard would ignore such a key; we
 * fail closed, as go-spiffe does), or whose public key differs from its certificate's; a jwt-svid
 * key without {@code kid} or with a duplicate one; a key with private parameters; a missing or
 * non-array {@code keys}; and a {@code spiffe_sequence} or {@code spiffe_refresh_hint} that is
 * not an integer {@literal >=} 0. Duplicate JSON members are rejected too.
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
    Map<String, Object> doc = jsonObject(json, "bundle");
    Object keys = doc.get("keys");
    if (keys == null) {
      throw new BundleException("bundle: keys: missing (expected: an array of JWKs)");
    }
    if (!(keys instanceof List<?> keyList)) {
      throw new BundleException("bundle: keys: not an array (expected: an array of JWKs)");
    }
    List<X509Certificate> x509 = new ArrayList<>();
    Map<String, PublicKey> jwt = new LinkedHashMap<>();
    for (int i = 0; i < keyList.size(); i++) {
      if (!(keyList.get(i) instanceof Map<?, ?> raw)) {
        throw new BundleException("bundle: keys[" + i + "]: not a JSON object");
      }
      readKey("bundle: keys[" + i + "]", asStringMap(raw), x509, jwt);
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
    bundle.refreshHint().ifPresent(h -> doc.put("spiffe_refresh_hint", ceilSeconds(h)));
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
    Map<String, Object> doc = jsonObject(new String(json, StandardCharsets.UTF_8), "JWT bundle");
    if (!(doc.get("keys") instanceof List<?> keyList)) {
      throw new BundleException(
          "JWT bundle: keys: " + (doc.containsKey("keys") ? "not an array" : "missing")
              + " (expected: an array of JWKs)");
    }
    Map<String, PublicKey> jwt = new LinkedHashMap<>();
    for (int i = 0; i < keyList.size(); i++) {
      String where = "JWT bundle: keys[" + i + "]";
      if (!(keyList.get(i) instanceof Map<?, ?> raw)) {
        throw new BundleException(where + ": not a JSON object");
      }
      Map<String, Object> key = new LinkedHashMap<>(asStringMap(raw));
      Object use = key.putIfAbsent("use", USE_JWT_SVID);
      if (use != null && !USE_JWT_SVID.equals(use)) {
        throw new BundleException(where + ".use: " + show(use) + " (expected: jwt-svid or absent)");
      }
      readKey(where, key, new ArrayList<>(), jwt);
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
      String where, Map<String, Object> key, List<X509Certificate> x509, Map<String, PublicKey> jwt)
      throws BundleException {
    Object use = key.get("use");
    if (!USE_X509_SVID.equals(use) && !USE_JWT_SVID.equals(use)) {
      return; // missing or unknown use: ignored, as the SPIFFE bundle format requires
    }
    Object kty = key.get("kty");
    if (!(kty instanceof String ktyName)) {
      throw new BundleException(
          where + ".kty: " + (kty == null ? "missing" : show(kty))
              + " (expected: a JWK key type such as EC)");
    }
    if (!SUPPORTED_KTY.contains(ktyName)) {
      return; // unknown or unsupported key type: ignored, as the SPIFFE bundle format requires
    }
    if (USE_X509_SVID.equals(use)) {
      Object x5c = key.get("x5c");
      if (!(x5c instanceof List<?> certs)) {
        throw new BundleException(
            where + ".x5c: " + (x5c == null ? "missing" : "not an array")
                + " (expected: exactly 1 certificate for use x509-svid)");
      }
      if (certs.size() != 1) {
        throw new BundleException(
            where + ".x5c: " + certs.size()
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
        List<X509Certificate> chain = jwk.getParsedX509CertChain();
        if (chain == null || chain.size() != 1) {
          throw new BundleException(where + ".x5c: does not hold a parsable X.509 certificate");
        }
        // JWK.parse has checked that the certificate's key is the JWK's key.
        x509.add(chain.getFirst());
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

  /** JSON integers parse as Long (or Integer); fractions, exponents and huge values do not. */
  private static long nonNegativeLong(Object value, String field) throws BundleException {
    if ((value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    throw new BundleException(
        "bundle: " + field + ": " + show(value) + " (expected: an integer >= 0)");
  }

  /** Whole seconds, rounded up so that a sub-second hint does not become 0. */
  private static long ceilSeconds(Duration d) {
    long seconds = d.toSeconds();
    return d.toNanosPart() > 0 ? seconds + 1 : seconds;
  }

  /**
   * The document as a JSON object. Nimbus reports syntax errors and duplicate members alike and
   * without detail, and reads "[]" as an empty object, hence the check of the first character.
   */
  private static Map<String, Object> jsonObject(String json, String what) throws BundleException {
    String error = what + ": not valid JSON (expected: one JSON object without duplicate members)";
    if (!json.strip().startsWith("{")) {
      throw new BundleException(error);
    }
    try {
      return JSONObjectUtils.parse(json);
    } catch (java.text.ParseException e) {
      throw new BundleException(error, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asStringMap(Map<?, ?> raw) {
    return (Map<String, Object>) raw;
  }

  /** A JSON value as it would appear in the document, strings quoted and cut to 40 chars. */
  private static String show(Object value) {
    if (value instanceof String str) {
      String cut = str.length() > 40 ? str.substring(0, 37) + "..." : str;
      return '"' + cut.replaceAll("\\p{Cntrl}", "?") + '"';
    }
    return String.valueOf(value);
  }
}
