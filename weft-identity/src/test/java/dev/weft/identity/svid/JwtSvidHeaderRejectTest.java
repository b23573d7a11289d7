package dev.weft.identity.svid;

import static dev.weft.identity.svid.TestPki.NOW;
import static dev.weft.identity.svid.TestPki.WEB;
import static dev.weft.identity.svid.Tokens.claims;
import static dev.weft.identity.svid.Tokens.raw;
import static dev.weft.identity.svid.Tokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.testing.Keys;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JwtSvidVerifier}: tokens whose form or JOSE header the standard does not allow. */
class JwtSvidHeaderRejectTest {
  private static final KeyPair KEY = Keys.ec256();
  private static final BundleSet BUNDLES = JwtSvidVerifierTest.bundleWith("k1", KEY);

  private static void assertRejected(String token, String message) {
    assertThatThrownBy(() -> JwtSvidVerifier.verify(token, "api", BUNDLES, NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage(message)
        .satisfies(e -> assertNoToken(e, token));
    assertThatThrownBy(() -> JwtSvidVerifier.parseInsecure(token, ""))
        .isInstanceOf(SvidException.class)
        .hasMessage(message);
  }

  /** Neither the message nor a cause's message shows the token or its signature. */
  static void assertNoToken(Throwable e, String token) {
    if (token == null || token.isEmpty()) {
      return;
    }
    String[] parts = token.split("\\.", -1);
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      assertThat(message).doesNotContain(token);
      for (String part : parts) {
        if (part.length() >= 8) {
          assertThat(message).doesNotContain(part);
        }
      }
    }
  }

  @Test
  void algNoneIsRejected() {
    assertRejected(
        raw("{\"alg\":\"none\",\"kid\":\"k1\"}", claims(WEB).build(), ""),
        "JWT-SVID: alg \"none\" is not allowed (expected: RS256, RS384, RS512, ES256, ES384,"
            + " ES512, PS256, PS384 or PS512)");
  }

  @Test
  void hs256IsRejectedEvenWhenCorrectlyMaced() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build();
    SignedJWT jwt = new SignedJWT(header, claims(WEB).build());
    jwt.sign(new MACSigner(new byte[32]));

    assertRejected(
        jwt.serialize(),
        "JWT-SVID: alg \"HS256\" is not allowed (expected: RS256, RS384, RS512, ES256, ES384,"
            + " ES512, PS256, PS384 or PS512)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HS512", "ES256K", "EdDSA", "Ed25519", "RS1", "es256", "RSA-OAEP"})
  void otherAlgorithmsAreRejected(String alg) {
    assertRejected(
        raw("{\"alg\":\"" + alg + "\",\"kid\":\"k1\"}", claims(WEB).build(), "c2ln"),
        "JWT-SVID: alg \""
            + alg
            + "\" is not allowed (expected: RS256, RS384, RS512, ES256,"
            + " ES384, ES512, PS256, PS384 or PS512)");
  }

  @Test
  void missingOrNonStringAlgIsRejected() {
    assertRejected(
        raw("{\"kid\":\"k1\"}", claims(WEB).build(), "c2ln"), "JWT-SVID: header has no alg");
    assertRejected(
        raw("{\"alg\":256,\"kid\":\"k1\"}", claims(WEB).build(), "c2ln"),
        "JWT-SVID: header has no alg");
  }

  @Test
  void otherTypIsRejected() {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID("k1")
            .type(new JOSEObjectType("at+jwt"))
            .build();

    assertRejected(
        sign(header, KEY, claims(WEB).build()),
        "JWT-SVID: typ \"at+jwt\" is not allowed (expected: JWT or JOSE)");
  }

  @Test
  void kidMissing() {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).build();
    String token = sign(header, KEY, claims(WEB).build());

    assertThatThrownBy(() -> JwtSvidVerifier.verify(token, "api", BUNDLES, NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage("JWT-SVID: header has no kid (expected: the key ID of a JWT authority)");
  }

  @Test
  void notCompactForm() {
    String token = sign(JWSAlgorithm.ES256, KEY, "k1", claims(WEB).build());
    String[] parts = token.split("\\.");

    assertRejected(
        parts[0] + "." + parts[1],
        "JWT-SVID: not in JWS compact form (expected: header.payload.signature)");
    assertRejected(
        token + ".x.y", "JWT-SVID: not in JWS compact form (expected: header.payload.signature)");
    assertRejected("", "JWT-SVID: token is empty");
    assertRejected(null, "JWT-SVID: token is empty");
    assertRejected("Bearer " + token, "JWT-SVID: header is not a base64url-encoded JSON object");
  }

  @Test
  void headerThatIsNotJson() {
    assertRejected(
        "bm90IGpzb24.e30.c2ln", "JWT-SVID: header is not a base64url-encoded JSON object");
    assertRejected("!!!.e30.c2ln", "JWT-SVID: header is not a base64url-encoded JSON object");
    assertRejected("..", "JWT-SVID: header is not a base64url-encoded JSON object");
  }

  @Test
  void emptyAudienceToVerifyFor() {
    String token = sign(JWSAlgorithm.ES256, KEY, "k1", claims(WEB).build());

    assertThatThrownBy(() -> JwtSvidVerifier.verify(token, "", BUNDLES, NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage("JWT-SVID: audience to verify for is empty");
    assertThatThrownBy(() -> JwtSvidVerifier.verify(token, null, BUNDLES, NOW))
        .hasMessage("JWT-SVID: audience to verify for is empty");
  }
}
