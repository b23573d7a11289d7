package dev.weft.policy.rego.internal.builtins;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code io.jwt.encode_sign(headers, payload, jwk)} and {@code io.jwt.encode_sign_raw(headers,
 * payload, jwk)}: a JWS in compact form, signed with the first key of a JWK or JWK set by the
 * header's {@code alg} (RS, PS, ES, HS 256/384/512 or EdDSA).
 */
final class JwtEncode {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private JwtEncode() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of3(
            "io.jwt.encode_sign",
            (h, p, k) -> sign(GoJsonWriter.write(h), GoJsonWriter.write(p), GoJsonWriter.write(k))),
        Fn.of3(
            "io.jwt.encode_sign_raw",
            (h, p, k) -> {
              String jwk = Operands.string(k, 3);
              return sign(Operands.string(h, 1), Operands.string(p, 2), jwk);
            }));
  }

  private static Value sign(String headers, String payload, String jwkText)
      throws BuiltinException {
    JWK key = firstKey(jwkText);
    Value parsedHeaders = GoJson.unmarshalQuietly(headers);
    String alg =
        parsedHeaders instanceof ObjectValue o && o.get("alg") instanceof StringValue s
            ? s.value()
            : null;
    if (alg == null) {
      throw BuiltinException.failure("missing or invalid 'alg' header");
    }
    if (!JwtKeys.ALGORITHMS.contains(alg)) {
      throw BuiltinException.failure("unknown JWS algorithm: " + alg);
    }
    Value typ = parsedHeaders instanceof ObjectValue o ? o.get("typ") : null;
    boolean jwt = !(typ instanceof StringValue t) || t.value().equals("JWT");
    if (jwt && !GoJson.valid(payload)) {
      throw BuiltinException.failure("type is JWT but payload is not JSON");
    }
    String input =
        B64.encodeToString(headers.getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    byte[] signature = signature(alg, key, input.getBytes(StandardCharsets.UTF_8));
    return StringValue.of(input + "." + B64.encodeToString(signature));
  }

  private static JWK firstKey(String text) throws BuiltinException {
    try {
      Value parsed = GoJson.unmarshalQuietly(text);
      if (parsed instanceof ObjectValue o && o.get("keys") != null) {
        List<JWK> keys = JWKSet.parse(text).getKeys();
        if (keys.isEmpty()) {
          throw BuiltinException.failure("no keys found in JWK set");
        }
        return keys.getFirst();
      }
      return JWK.parse(text);
    } catch (ParseException | RuntimeException e) {
      throw BuiltinException.failure("failed to parse JWK: " + e.getMessage());
    }
  }

  private static byte[] signature(String alg, JWK key, byte[] input) throws BuiltinException {
    try {
      switch (alg) {
        case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> {
          if (!(key instanceof RSAKey rsa) || !rsa.isPrivate()) {
            throw wrongKey(alg, key);
          }
          return rsa(alg, rsa.toRSAPrivateKey(), input);
        }
        case "ES256", "ES384", "ES512" -> {
          if (!(key instanceof ECKey ec) || !ec.isPrivate()) {
            throw wrongKey(alg, key);
          }
          Signature s =
              Signature.getInstance(
                  JwtSignatures.hash(alg).replace("-", "") + "withECDSAinP1363Format");
          s.initSign(ec.toECPrivateKey());
          s.update(input);
          return s.sign();
        }
        case "HS256", "HS384", "HS512" -> {
          if (!(key instanceof OctetSequenceKey oct)) {
            throw wrongKey(alg, key);
          }
          String macAlg = "Hmac" + JwtSignatures.hash(alg).replace("-", "");
          byte[] secret = oct.toByteArray();
          Mac mac = Mac.getInstance(macAlg);
          mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, macAlg));
          return mac.doFinal(input);
        }
        default -> {
          if (!(key instanceof OctetKeyPair okp)
              || !okp.isPrivate()
              || !"Ed25519".equals(okp.getCurve().getName())) {
            throw wrongKey(alg, key);
          }
          Signature s = Signature.getInstance("Ed25519");
          s.initSign(JwtKeys.ed25519Private(okp.getDecodedD()));
          s.update(input);
          return s.sign();
        }
      }
    } catch (GeneralSecurityException | JOSEException e) {
      throw BuiltinException.failure("failed to sign the JWT: " + e.getMessage());
    }
  }

  private static byte[] rsa(String alg, PrivateKey key, byte[] input)
      throws GeneralSecurityException {
    String h = JwtSignatures.hash(alg);
    Signature s;
    if (alg.startsWith("PS")) {
      s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(
          new PSSParameterSpec(
              h,
              "MGF1",
              new MGF1ParameterSpec(h),
              MessageDigest.getInstance(h).getDigestLength(),
              1));
    } else {
      s = Signature.getInstance(h.replace("-", "") + "withRSA");
    }
    s.initSign(key);
    s.update(input);
    return s.sign();
  }

  private static BuiltinException wrongKey(String alg, JWK key) {
    return BuiltinException.failure(
        "failed to sign the JWT: key: "
            + key.getKeyType()
            + (key instanceof OctetSequenceKey ? "" : key.isPrivate() ? "" : " public")
            + " (expected: a private key for "
            + alg
            + ")");
  }
}
