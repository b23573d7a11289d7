package dev.weft.policy.rego.internal.builtins;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OPA's {@code getKeysFromCertOrJWK}: the verification keys in a PEM certificate, a PEM public key,
 * a JWK or a JWK set. Messages never include key material.
 */
final class JwtKeys {

  /** A key with the {@code alg} and {@code kid} its JWK named (empty when absent). */
  record VerificationKey(Object key, String alg, String kid) {}

  static final Set<String> ALGORITHMS =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256",
          "HS384", "HS512", "EdDSA");

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([^\\n-]*)-----[ \\t\\r]*\\n");

  private JwtKeys() {}

  static List<VerificationKey> parse(String text) throws BuiltinException {
    Matcher m = BEGIN.matcher(text);
    if (m.find()) {
      String type = m.group(1);
      String endMarker = "-----END " + type + "-----";
      int end = text.indexOf(endMarker, m.end());
      if (end >= 0) {
        byte[] der = pemBody(text.substring(m.end(), end));
        String rest =
            text.substring(end + endMarker.length()).replaceFirst("^[ \\t\\r]*(\\n|$)", "");
        if (der != null) {
          if (!rest.isEmpty()) {
            throw BuiltinException.failure("extra data after a PEM certificate block");
          }
          return List.of(new VerificationKey(pemKey(type, der), "", ""));
        }
      }
    }
    return jwks(text);
  }

  private static byte[] pemBody(String body) {
    StringBuilder b64 = new StringBuilder();
    for (String line : body.split("\n")) {
      if (line.contains(":")) {
        continue;
      }
      b64.append(line.strip());
    }
    try {
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static PublicKey pemKey(String type, byte[] der) throws BuiltinException {
    if (type.equals("CERTIFICATE")) {
      try {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        return ((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)))
            .getPublicKey();
      } catch (GeneralSecurityException | RuntimeException e) {
        throw BuiltinException.failure(
            "failed to parse a PEM certificate: x509: malformed certificate");
      }
    }
    if (type.equals("PUBLIC KEY")) {
      for (String alg : List.of("RSA", "EC", "Ed25519")) {
        try {
          return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
          // try the next algorithm
        }
      }
      throw BuiltinException.failure(
          "failed to parse a PEM public key: x509: unknown public key algorithm");
    }
    throw BuiltinException.failure("failed to extract a Key from the PEM certificate");
  }

  private static List<VerificationKey> jwks(String text) throws BuiltinException {
    List<JWK> jwks;
    try {
      if (EncodingBuiltins.jsonUnmarshal(text) instanceof dev.weft.policy.rego.value.ObjectValue o
          && o.get("keys") != null) {
        jwks = JWKSet.parse(text).getKeys();
      } else {
        jwks = List.of(JWK.parse(text));
      }
    } catch (BuiltinException | ParseException | RuntimeException e) {
      throw BuiltinException.failure(
          "failed to parse a JWK key (set): "
              + (e instanceof BuiltinException ? e.getMessage() : "invalid JWK"));
    }
    List<VerificationKey> out = new ArrayList<>();
    for (JWK jwk : jwks) {
      String alg = jwk.getAlgorithm() == null ? "" : jwk.getAlgorithm().getName();
      if (!alg.isEmpty() && !ALGORITHMS.contains(alg)) {
        continue;
      }
      out.add(new VerificationKey(export(jwk), alg, jwk.getKeyID() == null ? "" : jwk.getKeyID()));
    }
    return out;
  }

  private static Object export(JWK jwk) throws BuiltinException {
    try {
      return switch (jwk) {
        case RSAKey k -> k.toRSAPublicKey();
        case ECKey k -> k.toECPublicKey();
        case OctetSequenceKey k -> k.toByteArray();
        case OctetKeyPair k when "Ed25519".equals(k.getCurve().getName()) ->
            ed25519Public(k.getDecodedX());
        default -> jwk;
      };
    } catch (JOSEException e) {
      throw BuiltinException.failure("failed to parse a JWK key (set): invalid key");
    }
  }

  private static final byte[] ED25519_SPKI_PREFIX =
      java.util.HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] ED25519_PKCS8_PREFIX =
      java.util.HexFormat.of().parseHex("302e020100300506032b657004220420");

  /** An Ed25519 public key from its 32 raw bytes. */
  static PublicKey ed25519Public(byte[] raw) throws BuiltinException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI_PREFIX, raw)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw BuiltinException.failure("failed to parse a JWK key (set): invalid Ed25519 key");
    }
  }

  /** An Ed25519 private key from its 32 raw bytes. */
  static java.security.PrivateKey ed25519Private(byte[] raw) throws BuiltinException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(
              new java.security.spec.PKCS8EncodedKeySpec(concat(ED25519_PKCS8_PREFIX, raw)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw BuiltinException.failure("failed to parse a JWK key: invalid Ed25519 key");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
