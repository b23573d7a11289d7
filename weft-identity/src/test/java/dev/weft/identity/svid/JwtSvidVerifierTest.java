package dev.weft.identity.svid;

import static dev.weft.identity.svid.TestPki.A;
import static dev.weft.identity.svid.TestPki.NOW;
import static dev.weft.identity.svid.TestPki.WEB;
import static dev.weft.identity.svid.Tokens.claims;
import static dev.weft.identity.svid.Tokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link JwtSvidVerifier}: tokens that verify, for all nine algorithms the standard allows. */
class JwtSvidVerifierTest {
  private static final KeyPair P256 = Keys.ec256();
  private static final KeyPair P384 = Keys.ec384();
  private static final KeyPair P521 = Tokens.ec("secp521r1");
  private static final KeyPair RSA = Keys.rsa2048();

  static BundleSet bundleWith(String kid, KeyPair key) {
    return BundleSet.of(TrustBundle.ofJwt(A, Map.of(kid, key.getPublic())));
  }

  static Stream<Arguments> algorithms() {
    return Stream.of(
        Arguments.of(JWSAlgorithm.RS256, RSA),
        Arguments.of(JWSAlgorithm.RS384, RSA),
        Arguments.of(JWSAlgorithm.RS512, RSA),
        Arguments.of(JWSAlgorithm.ES256, P256),
        Arguments.of(JWSAlgorithm.ES384, P384),
        Arguments.of(JWSAlgorithm.ES512, P521),
        Arguments.of(JWSAlgorithm.PS256, RSA),
        Arguments.of(JWSAlgorithm.PS384, RSA),
        Arguments.of(JWSAlgorithm.PS512, RSA));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void eachAllowedAlgorithmVerifiesWithAMatchingKey(JWSAlgorithm alg, KeyPair key)
      throws Exception {
    String token = sign(alg, key, "k1", claims(WEB).build());

    JwtSvid svid = JwtSvidVerifier.verify(token, "api", bundleWith("k1", key), NOW);

    assertThat(svid.id()).isEqualTo(SpiffeId.parse(WEB));
    assertThat(svid.token()).isEqualTo(token);
  }

  @Test
  void allowedAlgorithmsAreExactlyTheNine() {
    assertThat(JwtSvidVerifier.ALLOWED_ALGORITHMS)
        .containsExactlyInAnyOrder(
            algorithms().map(a -> (JWSAlgorithm) a.get()[0]).toArray(JWSAlgorithm[]::new));
  }

  @Test
  void returnsClaimsAudienceAndExpiry() throws Exception {
    Instant exp = NOW.plus(Duration.ofMinutes(5));
    String token =
        sign(
            JWSAlgorithm.ES256,
            P256,
            "k1",
            claims(WEB)
                .audience(List.of("api", "other"))
                .expirationTime(Date.from(exp))
                .claim("tenant", "blue")
                .build());

    JwtSvid svid = JwtSvidVerifier.verify(token, "other", bundleWith("k1", P256), NOW);

    assertThat(svid.audience()).containsExactlyInAnyOrder("api", "other");
    assertThat(svid.expiresAt()).isEqualTo(exp);
    assertThat(svid.claims()).containsEntry("tenant", "blue").containsEntry("sub", WEB);
    assertThat(svid.hint()).isEmpty();
    assertThat(svid.toString())
        .isEqualTo("JwtSvid[spiffe://a.org/web, aud=" + svid.audience() + ", expires=" + exp + "]")
        .doesNotContain(token.substring(0, 20));
  }

  @Test
  void claimsWithNullValuesAreDropped() throws Exception {
    String token =
        Tokens.signPayload(
            P256,
            "k1",
            "{\"sub\":\""
                + WEB
                + "\",\"aud\":\"api\",\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond()
                + ",\"nothing\":null}");

    JwtSvid svid = JwtSvidVerifier.verify(token, "api", bundleWith("k1", P256), NOW);

    assertThat(svid.claims()).doesNotContainKey("nothing").containsEntry("aud", "api");
  }

  @Test
  void typMayBeJoseOrAbsent() throws Exception {
    for (JOSEObjectType typ : new JOSEObjectType[] {JOSEObjectType.JOSE, null}) {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").type(typ).build();
      String token = sign(header, P256, claims(WEB).build());

      assertThat(JwtSvidVerifier.verify(token, "api", bundleWith("k1", P256), NOW).id())
          .isEqualTo(SpiffeId.parse(WEB));
    }
  }

  @Test
  void validUntilJustBeforeExp() throws Exception {
    Instant exp = NOW.plusSeconds(30);
    String token =
        sign(JWSAlgorithm.ES256, P256, "k1", claims(WEB).expirationTime(Date.from(exp)).build());
    BundleSet set = bundleWith("k1", P256);

    assertThat(JwtSvidVerifier.verify(token, "api", set, exp.minusMillis(1)).id())
        .isEqualTo(SpiffeId.parse(WEB));
    assertThatThrownBy(() -> JwtSvidVerifier.verify(token, "api", set, exp))
        .isInstanceOf(SvidException.class)
        .hasMessage("JWT-SVID spiffe://a.org/web: expired at 2031-05-04T12:00:30Z");
  }

  @Test
  void notBeforeIsHonoured() throws Exception {
    Instant nbf = NOW.plusSeconds(10);
    String token =
        sign(JWSAlgorithm.ES256, P256, "k1", claims(WEB).notBeforeTime(Date.from(nbf)).build());
    BundleSet set = bundleWith("k1", P256);

    assertThatThrownBy(() -> JwtSvidVerifier.verify(token, "api", set, NOW))
        .isInstanceOf(SvidException.class)
        .hasMessage("JWT-SVID spiffe://a.org/web: not valid before 2031-05-04T12:00:10Z");
    assertThat(JwtSvidVerifier.verify(token, "api", set, nbf).id()).isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void theRightKeyAmongSeveralIsChosenByKid() throws Exception {
    KeyPair other = Keys.ec256();
    BundleSet set =
        BundleSet.of(
            TrustBundle.ofJwt(A, Map.of("old", other.getPublic(), "new", P256.getPublic())));

    String token = sign(JWSAlgorithm.ES256, P256, "new", claims(WEB).build());

    assertThat(JwtSvidVerifier.verify(token, "api", set, NOW).id()).isEqualTo(SpiffeId.parse(WEB));
  }
}
