package dev.weft.identity.svid;

import static dev.weft.identity.svid.JwtSvidHeaderRejectTest.assertNoToken;
import static dev.weft.identity.svid.TestPki.A;
import static dev.weft.identity.svid.TestPki.B;
import static dev.weft.identity.svid.TestPki.NOW;
import static dev.weft.identity.svid.TestPki.WEB;
import static dev.weft.identity.svid.Tokens.claims;
import static dev.weft.identity.svid.Tokens.sign;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JwtSvidVerifier}: wrong keys, wrong trust domains, tampering, and bad claims. */
class JwtSvidClaimsRejectTest {
  private static final KeyPair KEY_A = Keys.ec256();
  private static final KeyPair KEY_B = Keys.ec256();
  private static final KeyPair RSA = Keys.rsa2048();
  private static final BundleSet BUNDLES =
      BundleSet.of(
          TrustBundle.ofJwt(A, Map.of("a1", KEY_A.getPublic(), "rsa", RSA.getPublic())),
          TrustBundle.ofJwt(B, Map.of("b1", KEY_B.getPublic(), "a1", KEY_B.getPublic())));

  private static void assertRejected(String token, String message) {
    assertThatThrownBy(() -> JwtSvidVerifier.verify(token, "api", BUNDLES, NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage(message)
        .satisfies(e -> assertNoToken(e, token));
  }

  private static String es256(KeyPair key, String kid, JWTClaimsSet claims) {
    return sign(JWSAlgorithm.ES256, key, kid, claims);
  }

  @Test
  void kidUnknownInTheSubjectsTrustDomain() {
    assertRejected(
        es256(KEY_A, "nope", claims(WEB).build()),
        "JWT-SVID spiffe://a.org/web: kid \"nope\" is not a JWT authority of trust domain a.org");
  }

  @Test
  void keyOfAnotherTrustDomainIsNotLookedAt() {
    // b1 is a key of b.org; a token claiming an a.org subject cannot use it.
    assertRejected(
        es256(KEY_B, "b1", claims(WEB).build()),
        "JWT-SVID spiffe://a.org/web: kid \"b1\" is not a JWT authority of trust domain a.org");
  }

  @Test
  void sameKidInAnotherTrustDomainDoesNotVerify() {
    // b.org also has a kid "a1", with b.org's key: signing with it must not pass for a.org.
    assertRejected(
        es256(KEY_B, "a1", claims(WEB).build()),
        "JWT-SVID spiffe://a.org/web: signature does not verify");
  }

  @Test
  void noBundleForTheSubjectsTrustDomain() {
    assertRejected(
        es256(KEY_A, "a1", claims("spiffe://c.org/web").build()),
        "JWT-SVID spiffe://c.org/web: no trust bundle for trust domain c.org (the domain is"
            + " unknown or not federated)");
  }

  @Test
  void tamperedPayload() {
    String token = es256(KEY_A, "a1", claims(WEB).build());

    assertRejected(
        Tokens.withPayload(token, claims("spiffe://a.org/admin").build()),
        "JWT-SVID spiffe://a.org/admin: signature does not verify");
    assertRejected(
        Tokens.withPayload(token, claims(WEB).audience(List.of("api", "payments")).build()),
        "JWT-SVID spiffe://a.org/web: signature does not verify");
  }

  @Test
  void signedByAnotherKeyOfTheSameType() {
    assertRejected(
        es256(Keys.ec256(), "a1", claims(WEB).build()),
        "JWT-SVID spiffe://a.org/web: signature does not verify");
  }

  @Test
  void algOfTheWrongKeyFamily() {
    assertRejected(
        es256(KEY_A, "rsa", claims(WEB).build()),
        "JWT-SVID spiffe://a.org/web: alg ES256 does not match the RSA key of kid \"rsa\"");
    assertRejected(
        sign(JWSAlgorithm.RS256, RSA, "a1", claims(WEB).build()),
        "JWT-SVID spiffe://a.org/web: alg RS256 does not match the EC key of kid \"a1\"");
    assertRejected(
        sign(JWSAlgorithm.PS256, RSA, "a1", claims(WEB).build()),
        "JWT-SVID spiffe://a.org/web: alg PS256 does not match the EC key of kid \"a1\"");
  }

  @Test
  void algOfTheWrongCurve() {
    assertRejected(
        sign(JWSAlgorithm.ES384, Keys.ec384(), "a1", claims(WEB).build()),
        "JWT-SVID spiffe://a.org/web: alg ES384 does not match the P-256 key of kid \"a1\"");
  }

  @Test
  void subMissingOrNotASpiffeId() {
    assertRejected(
        es256(KEY_A, "a1", claims(WEB).subject(null).build()), "JWT-SVID: sub claim is missing");
    assertRejected(
        es256(KEY_A, "a1", claims("web").build()),
        "JWT-SVID: sub: invalid SPIFFE ID \"web\": scheme must be \"spiffe\" (expected:"
            + " spiffe://<trust-domain>/<path>)");
    assertThatThrownBy(
            () ->
                JwtSvidVerifier.verify(
                    es256(KEY_A, "a1", claims("spiffe://a.org/x/").build()), "api", BUNDLES, NOW))
        .hasCauseInstanceOf(InvalidSpiffeIdException.class);
  }

  @Test
  void audMissing() {
    assertRejected(
        es256(KEY_A, "a1", claims(WEB).audience((String) null).build()),
        "JWT-SVID spiffe://a.org/web: aud claim is missing");
    assertRejected(
        es256(KEY_A, "a1", claims(WEB).audience(List.of()).build()),
        "JWT-SVID spiffe://a.org/web: aud claim is missing");
  }

  @Test
  void wrongAudience() {
    assertRejected(
        es256(KEY_A, "a1", claims(WEB).audience(List.of("payments", "billing")).build()),
        "JWT-SVID spiffe://a.org/web: audience [\"payments\", \"billing\"] does not contain"
            + " \"api\"");
    assertRejected(
        es256(KEY_A, "a1", claims(WEB).audience("API").build()),
        "JWT-SVID spiffe://a.org/web: audience [\"API\"] does not contain \"api\"");
  }

  @Test
  void hostileAudienceIsEscapedInTheMessage() {
    assertRejected(
        es256(KEY_A, "a1", claims(WEB).audience("x\nERROR forged").build()),
        "JWT-SVID spiffe://a.org/web: audience [\"x\\u000aERROR forged\"] does not contain"
            + " \"api\"");
  }

  @Test
  void expMissing() {
    assertRejected(
        es256(KEY_A, "a1", claims(WEB).expirationTime(null).build()),
        "JWT-SVID spiffe://a.org/web: exp claim is missing");
  }

  @Test
  void expired() {
    assertRejected(
        es256(KEY_A, "a1", claims(WEB).expirationTime(Date.from(NOW.minusSeconds(1))).build()),
        "JWT-SVID spiffe://a.org/web: expired at 2031-05-04T11:59:59Z");
  }

  @Test
  void claimOfTheWrongType() {
    String json = "{\"sub\":\"" + WEB + "\",\"aud\":\"api\",\"exp\":\"soon\"}";
    String token = Tokens.signPayload(KEY_A, "a1", json);

    assertThatThrownBy(() -> JwtSvidVerifier.verify(token, "api", BUNDLES, NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage("JWT-SVID: claims do not parse: Unexpected type of JSON object member exp")
        .satisfies(e -> assertNoToken(e, token));
  }
}
