package dev.weft.identity.bundle;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SPIFFE bundle format: a JWK Set whose keys carry {@code use} {@code x509-svid} (with the CA
 * certificate as the only {@code x5c} entry) or {@code jwt-svid} (with a {@code kid}), plus the
 * top-level {@code spiffe_sequence} and {@code spiffe_refresh_hint} (seconds).
 *
 * <p>Parsing is strict where the standard is strict and lenient where it asks to be: keys with a
 * missing or unknown {@code use}, or an unknown {@code kty}, are ignored. The whole bundle is
 * rejected, with a message naming the key index and field, for: an x509-svid key whose {@code x5c}
 * does not hold exactly one certificate (the X.509-SVID standard would ignore such a key; we fail
 * closed, as go-spiffe does), or whose public key differs from its certificate's; a jwt-svid key
 * without {@code kid} or with a duplicate one; a key with private parameters; a missing or
 * non-array {@code keys}; and a {@code spiffe_sequence} or {@code spiffe_refresh_hint} that is not
 * an integer {@literal >=} 0. Duplicate JSON members are rejected too.
 */
public final class SpiffeBundleFormat {
  /** {@code use} of keys that are X.509 authorities. */
  public static final String USE_X509_SVID = "x509-svid";

  /** {@code use} of keys that are JWT authorities. */
  public static final String USE_JWT_SVID = "jwt-svid";

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
      Jwks.read("bundle: keys[" + i + "]", asStringMap(raw), x509, jwt);
    }
    TrustBundle bundle =
        TrustBundle.empty(trustDomain).withX509Authorities(x509).withJwtAuthorities(jwt);
    Object sequence = doc.get("spiffe_sequence");
    if (sequence != null) {
      bundle = bundle.withSequence(nonNegativeLong(sequence, "spiffe_sequence"));
    }
    Object hint = doc.get("spiffe_refresh_hint");
    if (hint != null) {
      long seconds = nonNegativeLong(hint, "spiffe_refresh_hint");
      bundle = bundle.withRefreshHint(Duration.ofSeconds(seconds));
    }
    return bundle;
  }

  /** {@link #parse(TrustDomain, String)} of UTF-8 bytes. */
  public static TrustBundle parse(TrustDomain trustDomain, byte[] json) throws BundleException {
    return parse(trustDomain, new String(json, StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code bundle} as a SPIFFE bundle document (compact JSON): X.509 authorities first, then
   * JWT authorities, then the sequence number and the refresh hint in whole seconds (a fraction
   * rounded up).
   *
   * @throws IllegalArgumentException if an authority's key is neither EC nor RSA
   */
  public static String write(TrustBundle bundle) {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<Object> keys = new ArrayList<>();
    for (X509Certificate cert : bundle.x509Authorities()) {
      keys.add(Jwks.x509(cert).toJSONObject());
    }
    for (Map.Entry<String, PublicKey> e : bundle.jwtAuthorities().entrySet()) {
      keys.add(Jwks.jwt(e.getKey(), e.getValue(), true).toJSONObject());
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
      keys.add(Jwks.jwt(e.getKey(), e.getValue(), false).toJSONObject());
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("keys", keys);
    return JSONObjectUtils.toJSONString(doc);
  }

  /**
   * Parses a plain JWKS (the Workload API's JWT bundle) into the JWT authorities of {@code
   * trustDomain}. Every key of a supported type needs a {@code kid}; a {@code use}, if present,
   * must be {@code jwt-svid}.
   */
  public static TrustBundle parseJwks(TrustDomain trustDomain, byte[] json) throws BundleException {
    Map<String, Object> doc = jsonObject(new String(json, StandardCharsets.UTF_8), "JWT bundle");
    if (!(doc.get("keys") instanceof List<?> keyList)) {
      throw new BundleException(
          "JWT bundle: keys: "
              + (doc.containsKey("keys") ? "not an array" : "missing")
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
        throw new BundleException(
            where + ".use: " + Jwks.show(use) + " (expected: jwt-svid or absent)");
      }
      Jwks.read(where, key, new ArrayList<>(), jwt);
    }
    return TrustBundle.ofJwt(trustDomain, jwt);
  }

  /**
   * The X.509 authorities of {@code trustDomain} from concatenated DER certificates (the Workload
   * API's encoding of X.509 bundles).
   */
  public static TrustBundle parseX509Der(TrustDomain trustDomain, byte[] der)
      throws BundleException {
    try {
      return TrustBundle.ofX509(trustDomain, Pem.parseDerCertificates(der));
    } catch (CertificateException e) {
      throw new BundleException("X.509 bundle of " + trustDomain + ": " + e.getMessage(), e);
    }
  }

  /** JSON integers parse as Long (or Integer); fractions, exponents and huge values do not. */
  private static long nonNegativeLong(Object value, String field) throws BundleException {
    if ((value instanceof Long || value instanceof Integer) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    throw new BundleException(
        "bundle: " + field + ": " + Jwks.show(value) + " (expected: an integer >= 0)");
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
}
