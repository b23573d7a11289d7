package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.json;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Value;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class JwtBuiltinsTest {

  private static final KeyPair RSA = Keys.rsa2048();
  private static final KeyPair EC = Keys.ec256();
  private static final KeyPair OTHER_RSA = Keys.rsa2048();
  private static final String CLAIMS = "{\"sub\":\"alice\",\"iss\":\"weft\"}";

  private static String certPem(KeyPair kp) {
    return Jwts.pem(CertBuilder.selfSignedCa("example.org").keyPair(kp).build().cert());
  }

  @Test
  void decodeReturnsHeaderPayloadAndSignatureHex() throws Exception {
    String token =
        Jwts.sign(
            JWSAlgorithm.HS256,
            "k1",
            CLAIMS,
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    ArrayValue got = (ArrayValue) call("io.jwt.decode", s(token));
    assertThat(got.get(0))
        .isEqualTo(json("{\"alg\": \"HS256\", \"kid\": \"k1\", \"typ\": \"JWT\"}"));
    assertThat(got.get(1)).isEqualTo(json(CLAIMS));
    byte[] sig =
        java.util.Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    assertThat(got.get(2)).isEqualTo(s(HexFormat.of().formatHex(sig)));
  }

  @Test
  void decodeNestedJwt() throws Exception {
    String inner = Jwts.sign(JWSAlgorithm.RS256, null, CLAIMS, RSA);
    String outer =
        Jwts.b64url("{\"alg\":\"none\",\"cty\":\"JWT\"}")
            + "."
            + Jwts.b64url("\"" + inner + "\"")
            + ".";
    ArrayValue got = (ArrayValue) call("io.jwt.decode", s(outer));
    assertThat(got.get(1)).isEqualTo(json(CLAIMS));
    assertThat(((ArrayValue) call("io.jwt.decode", s(inner))).get(0))
        .isEqualTo(json("{\"alg\": \"RS256\", \"typ\": \"JWT\"}"));
  }

  @Test
  void decodeErrorsNeverRepeatTheToken() {
    String header = Jwts.b64url("{\"alg\":\"HS256\"}");
    String claims = Jwts.b64url(CLAIMS);
    assertThat(B.error(false, "io.jwt.decode", s("abc")))
        .isEqualTo("encoded JWT had no period separators");
    assertThat(B.error(false, "io.jwt.decode", s("a.b")))
        .isEqualTo("encoded JWT must have 3 sections, found 2");
    assertThat(B.error(true, "io.jwt.decode", n("1")))
        .isEqualTo("operand 1 must be string but got number");
    assertThat(B.error(false, "io.jwt.decode", s("e30*." + claims + ".")))
        .isEqualTo("JWT header had invalid encoding: illegal base64 data at input byte 3");
    assertThat(B.error(false, "io.jwt.decode", s("abcde." + claims + ".")))
        .isEqualTo("JWT header had invalid encoding: illegal base64url string");
    assertThat(B.error(false, "io.jwt.decode", s(Jwts.b64url("[1]") + "." + claims + ".")))
        .isEqualTo("bad JWT header: decoded JSON type was not an Object");
    assertThat(B.error(false, "io.jwt.decode", s(Jwts.b64url("{") + "." + claims + ".")))
        .isEqualTo("bad JWT header: invalid JSON: unexpected EOF");
    assertThat(
            B.error(
                false,
                "io.jwt.decode",
                s(Jwts.b64url("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + "." + claims + ".")))
        .isEqualTo("JWT is a JWE object, which is not supported");
    assertThat(B.error(false, "io.jwt.decode", s(header + "." + Jwts.b64url("1") + ".")))
        .isEqualTo("decoded JSON type was not an Object");
    assertThat(B.error(false, "io.jwt.decode", s(header + "." + claims + ".abcde")))
        .isEqualTo("JWT signature had invalid encoding: illegal base64url string");
  }

  @Test
  void verifyRs256WithCertificatePublicKeyAndJwks() throws Exception {
    String token = Jwts.sign(JWSAlgorithm.RS256, null, CLAIMS, RSA);
    assertThat(call("io.jwt.verify_rs256", s(token), s(certPem(RSA)))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("io.jwt.verify_rs256", s(token), s(Jwts.pem(RSA.getPublic()))))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(call("io.jwt.verify_rs256", s(token), s(certPem(OTHER_RSA))))
        .isEqualTo(BooleanValue.FALSE);
    String jwks =
        new JWKSet(
                java.util.List.of(
                    new RSAKey.Builder((RSAPublicKey) OTHER_RSA.getPublic()).keyID("other").build(),
                    new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("mine").build()))
            .toString();
    assertThat(call("io.jwt.verify_rs256", s(token), s(jwks))).isEqualTo(BooleanValue.TRUE);
    String single = new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).build().toString();
    assertThat(call("io.jwt.verify_rs256", s(token), s(single))).isEqualTo(BooleanValue.TRUE);
    String tampered =
        token.substring(0, token.indexOf('.') + 1)
            + Jwts.b64url("{\"sub\":\"mallory\"}")
            + token.substring(token.lastIndexOf('.'));
    assertThat(call("io.jwt.verify_rs256", s(tampered), s(certPem(RSA))))
        .isEqualTo(BooleanValue.FALSE);
  }

  @Test
  void aKidInTheTokenSelectsTheKeyOfTheSet() throws Exception {
    String token = Jwts.sign(JWSAlgorithm.RS256, "other", CLAIMS, RSA);
    String jwks =
        new JWKSet(
                java.util.List.of(
                    new RSAKey.Builder((RSAPublicKey) OTHER_RSA.getPublic()).keyID("other").build(),
                    new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("mine").build()))
            .toString();
    assertThat(call("io.jwt.verify_rs256", s(token), s(jwks))).isEqualTo(BooleanValue.FALSE);
  }

  @Test
  void verifyEs256FailsClosedOnTheWrongKeyType() throws Exception {
    String token = Jwts.sign(JWSAlgorithm.ES256, null, CLAIMS, EC);
    assertThat(call("io.jwt.verify_es256", s(token), s(certPem(EC)))).isEqualTo(BooleanValue.TRUE);
    String jwk =
        new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) EC.getPublic())
            .build()
            .toString();
    assertThat(call("io.jwt.verify_es256", s(token), s(jwk))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("io.jwt.verify_es256", s(token), s(certPem(RSA))))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(call("io.jwt.verify_rs256", s(token), s(certPem(EC)))).isEqualTo(BooleanValue.FALSE);
    String rsToken = Jwts.sign(JWSAlgorithm.RS256, null, CLAIMS, RSA);
    assertThat(call("io.jwt.verify_es256", s(rsToken), s(certPem(EC))))
        .isEqualTo(BooleanValue.FALSE);
    String empty = token.substring(0, token.lastIndexOf('.') + 1);
    assertThat(call("io.jwt.verify_es256", s(empty), s(certPem(EC)))).isEqualTo(BooleanValue.FALSE);
  }

  @Test
  void verifyPs256AndHs256() throws Exception {
    String ps = Jwts.sign(JWSAlgorithm.PS256, null, CLAIMS, RSA);
    assertThat(call("io.jwt.verify_ps256", s(ps), s(certPem(RSA)))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("io.jwt.verify_rs256", s(ps), s(certPem(RSA)))).isEqualTo(BooleanValue.FALSE);
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    String hs = Jwts.sign(JWSAlgorithm.HS256, null, CLAIMS, secret);
    assertThat(call("io.jwt.verify_hs256", s(hs), s(new String(secret, StandardCharsets.UTF_8))))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(call("io.jwt.verify_hs256", s(hs), s("wrong"))).isEqualTo(BooleanValue.FALSE);
    assertThat(call("io.jwt.verify_hs512", s(hs), s(new String(secret, StandardCharsets.UTF_8))))
        .isEqualTo(BooleanValue.FALSE);
  }

  @Test
  void verifyKeyErrors() {
    String token = Jwts.sign(JWSAlgorithm.RS256, null, CLAIMS, RSA);
    assertThat(B.error(true, "io.jwt.verify_rs256", s(token), n("1")))
        .isEqualTo("operand 2 must be string but got number");
    assertThat(B.error(false, "io.jwt.verify_rs256", s(token), s("not a key")))
        .startsWith("failed to parse a JWK key (set): ");
    assertThat(B.error(false, "io.jwt.verify_rs256", s(token), s(certPem(RSA) + "junk")))
        .isEqualTo("extra data after a PEM certificate block");
    assertThat(
            B.error(
                false, "io.jwt.verify_rs256", s(token), s(Jwts.pem("PRIVATE KEY", new byte[] {1}))))
        .isEqualTo("failed to extract a Key from the PEM certificate");
    assertThat(
            B.error(
                false, "io.jwt.verify_rs256", s(token), s(Jwts.pem("CERTIFICATE", new byte[] {1}))))
        .isEqualTo("failed to parse a PEM certificate: x509: malformed certificate");
    assertThat(B.error(false, "io.jwt.verify_rs256", s("a.b"), s(certPem(RSA))))
        .isEqualTo("encoded JWT must have 3 sections, found 2");
  }

  private static Value decodeVerify(String token, String constraintsJson, long now)
      throws Exception {
    return call(new TestContext(now), "io.jwt.decode_verify", s(token), json(constraintsJson));
  }

  private static String constraint(String key, String value) {
    return "{\"" + key + "\": " + B.s(value) + "}";
  }

  @Test
  void decodeVerifyChecksSignatureAndClaims() throws Exception {
    String claims = "{\"iss\":\"weft\",\"aud\":[\"api\"],\"exp\":2000,\"nbf\":1000}";
    String token = Jwts.sign(JWSAlgorithm.ES256, null, claims, EC);
    String cert = certPem(EC);
    long inside = 1_500_000_000_000L;
    String base = "{\"cert\": " + quoted(cert) + ", \"aud\": \"api\"";
    Value ok = decodeVerify(token, base + "}", inside);
    assertThat(((ArrayValue) ok).get(0)).isEqualTo(BooleanValue.TRUE);
    assertThat(((ArrayValue) ok).get(2)).isEqualTo(json(claims));
    ArrayValue unverified = (ArrayValue) json("[false, {}, {}]");
    assertThat(decodeVerify(token, base + "}", 2_000_000_000_000L)).isEqualTo(unverified);
    assertThat(decodeVerify(token, base + "}", 999_000_000_000L)).isEqualTo(unverified);
    assertThat(decodeVerify(token, base + ", \"time\": 1500000000000}", 0L)).isEqualTo(ok);
    assertThat(decodeVerify(token, "{\"cert\": " + quoted(cert) + "}", inside))
        .isEqualTo(unverified);
    assertThat(decodeVerify(token, base + ", \"iss\": \"weft\"}", inside)).isEqualTo(ok);
    assertThat(decodeVerify(token, base + ", \"iss\": \"other\"}", inside)).isEqualTo(unverified);
    assertThat(decodeVerify(token, base + ", \"alg\": \"ES256\"}", inside)).isEqualTo(ok);
    assertThat(decodeVerify(token, base + ", \"alg\": \"RS256\"}", inside)).isEqualTo(unverified);
    assertThat(
            decodeVerify(
                token,
                "{\"cert\": " + quoted(certPem(Keys.ec256())) + ", \"aud\": \"api\"}",
                inside))
        .isEqualTo(unverified);
    assertThat(decodeVerify(token, "{\"secret\": \"x\", \"aud\": \"api\"}", inside))
        .isEqualTo(unverified);
  }

  @Test
  void decodeVerifyWithSecretAndConstraintErrors() throws Exception {
    String hs =
        Jwts.sign(
            JWSAlgorithm.HS256,
            null,
            "{\"exp\":\"soon\"}",
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    assertThat(
            B.error(
                false,
                "io.jwt.decode_verify",
                s(hs),
                json(constraint("secret", "0123456789abcdef0123456789abcdef"))))
        .isEqualTo("exp value must be a number");
    assertThat(B.error(false, "io.jwt.decode_verify", s(hs), json("{}")))
        .isEqualTo("no key constraint");
    assertThat(
            B.error(
                false,
                "io.jwt.decode_verify",
                s(hs),
                json("{\"secret\": \"a\", \"cert\": " + quoted(certPem(RSA)) + "}")))
        .isEqualTo("duplicate key constraints");
    assertThat(
            B.error(false, "io.jwt.decode_verify", s(hs), json("{\"secret\": \"a\", \"foo\": 1}")))
        .isEqualTo("unknown token validation constraint: foo");
    assertThat(B.error(false, "io.jwt.decode_verify", s(hs), json("{\"secret\": 1}")))
        .isEqualTo("secret constraint: must be a string");
    assertThat(
            B.error(
                false, "io.jwt.decode_verify", s(hs), json("{\"secret\": \"a\", \"time\": -1}")))
        .isEqualTo("token time constraint: must not be negative");
    assertThat(B.error(true, "io.jwt.decode_verify", s(hs), s("x")))
        .isEqualTo("operand 2 must be object but got string");
  }

  private static String quoted(String text) {
    return B.s(text).toString();
  }
}
