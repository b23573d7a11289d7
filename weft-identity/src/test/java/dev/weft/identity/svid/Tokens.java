package dev.weft.identity.svid;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Date;

/** Mints JWT-SVIDs with nimbus-jose-jwt, including deliberately broken ones. */
final class Tokens {
  private Tokens() {}

  /** Claims of a valid JWT-SVID for {@code sub} and audience "api", expiring an hour after NOW. */
  static JWTClaimsSet.Builder claims(String sub) {
    return new JWTClaimsSet.Builder()
        .subject(sub)
        .audience("api")
        .issueTime(Date.from(TestPki.NOW.minusSeconds(60)))
        .expirationTime(Date.from(TestPki.NOW.plus(Duration.ofHours(1))));
  }

  static String sign(JWSAlgorithm alg, KeyPair key, String kid, JWTClaimsSet claims) {
    JWSHeader header = new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build();
    return sign(header, key, claims);
  }

  static String sign(JWSHeader header, KeyPair key, JWTClaimsSet claims) {
    try {
      JWSSigner signer =
          key.getPrivate() instanceof ECPrivateKey ec
              ? new ECDSASigner(ec)
              : new RSASSASigner(key.getPrivate());
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A correctly signed ES256 token whose payload is {@code json} exactly as given. */
  static String signPayload(KeyPair key, String kid, String json) {
    try {
      var jws =
          new com.nimbusds.jose.JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(),
              new com.nimbusds.jose.Payload(json));
      jws.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
      return jws.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token with the given raw JSON header and claims and a junk signature. */
  static String raw(String headerJson, JWTClaimsSet claims, String signature) {
    return Base64URL.encode(headerJson)
        + "."
        + Base64URL.encode(claims.toString())
        + "."
        + signature;
  }

  /** {@code token} with its payload replaced by {@code claims}, keeping the signature. */
  static String withPayload(String token, JWTClaimsSet claims) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
  }

  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
