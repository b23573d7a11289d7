package dev.weft.identity.bundle;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built SPIFFE bundle documents for tests, independent of {@link SpiffeBundleFormat}. */
final class BundleDocs {
  private BundleDocs() {}

  /** An x509-svid JWK for {@code certs} (normally one) with the first certificate's key. */
  static Map<String, Object> x509Key(X509Certificate... certs) {
    List<Base64> x5c = new ArrayList<>();
    for (X509Certificate cert : certs) {
      x5c.add(der(cert));
    }
    return jwk(certs[0].getPublicKey(), "x509-svid", null, x5c);
  }

  /** A jwt-svid JWK. */
  static Map<String, Object> jwtKey(String kid, KeyPair pair) {
    return jwk(pair.getPublic(), "jwt-svid", kid, null);
  }

  static Map<String, Object> jwk(PublicKey key, String use, String kid, List<Base64> x5c) {
    JWK jwk;
    if (key instanceof ECPublicKey ec) {
      var b = new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(kid);
      jwk = (use == null ? b : b.keyUse(new KeyUse(use))).x509CertChain(x5c).build();
    } else {
      var b = new RSAKey.Builder((RSAPublicKey) key).keyID(kid);
      jwk = (use == null ? b : b.keyUse(new KeyUse(use))).x509CertChain(x5c).build();
    }
    return new LinkedHashMap<>(jwk.toJSONObject());
  }

  /** A copy of {@code key} with {@code field} set ({@code null} removes it). */
  static Map<String, Object> with(Map<String, Object> key, String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(key);
    if (value == null) {
      copy.remove(field);
    } else {
      copy.put(field, value);
    }
    return copy;
  }

  /** {"keys": [...]} as JSON text. */
  @SafeVarargs
  static String doc(Map<String, Object>... keys) {
    return docWith(Map.of(), keys);
  }

  /** {"keys": [...], plus top-level members} as JSON text. */
  @SafeVarargs
  static String docWith(Map<String, Object> members, Map<String, Object>... keys) {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<Object> list = new ArrayList<>();
    for (Map<String, Object> key : keys) {
      list.add(key);
    }
    doc.put("keys", list);
    doc.putAll(members);
    return JSONObjectUtils.toJSONString(doc);
  }

  static Base64 der(X509Certificate cert) {
    try {
      return Base64.encode(cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
