package dev.weft.policy.rego.internal.builtins;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;

/** Signed tokens and PEM text for the JWT tests, minted in code. */
final class Jwts {

  private Jwts() {}

  static String sign(JWSAlgorithm alg, String kid, String payload, Object key) {
    try {
      JWSHeader.Builder h = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
      if (kid != null) {
        h.keyID(kid);
      }
      JWSSigner signer =
          switch (key) {
            case KeyPair kp when kp.getPrivate() instanceof ECPrivateKey ec -> new ECDSASigner(ec);
            case KeyPair kp -> new RSASSASigner(kp.getPrivate());
            case byte[] secret -> new MACSigner(secret);
            default -> throw new IllegalArgumentException("key: " + key.getClass());
          };
      JWSObject jws = new JWSObject(h.build(), new Payload(payload));
      jws.sign(signer);
      return jws.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64url(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  static String pem(X509Certificate cert) {
    try {
      return pem("CERTIFICATE", cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }
}
