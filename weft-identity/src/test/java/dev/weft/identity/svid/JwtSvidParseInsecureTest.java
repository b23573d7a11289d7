package dev.weft.identity.svid;

import static dev.weft.identity.svid.TestPki.NOW;
import static dev.weft.identity.svid.TestPki.WEB;
import static dev.weft.identity.svid.Tokens.claims;
import static dev.weft.identity.svid.Tokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.Keys;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link JwtSvidVerifier#parseInsecure}: reads claims, checks the shape, trusts nothing. */
class JwtSvidParseInsecureTest {

  @Test
  void readsClaimsWithoutAnyBundle() throws Exception {
    String token =
        sign(
            JWSAlgorithm.RS256,
            Keys.rsa2048(),
            "k9",
            claims(WEB).audience(List.of("a", "b")).build());

    JwtSvid svid = JwtSvidVerifier.parseInsecure(token, "primary");

    assertThat(svid.id()).isEqualTo(SpiffeId.parse(WEB));
    assertThat(svid.audience()).isEqualTo(Set.of("a", "b"));
    assertThat(svid.hint()).isEqualTo("primary");
    assertThat(svid.token()).isEqualTo(token);
    assertThat(JwtSvidVerifier.parseInsecure(token, null).hint()).isEmpty();
  }

  @Test
  void acceptsExpiredTokensAndTokensWithoutKid() throws Exception {
    Date past = Date.from(NOW.minusSeconds(3600));
    String expired =
        sign(JWSAlgorithm.ES256, Keys.ec256(), "k", claims(WEB).expirationTime(past).build());
    String noKid =
        sign(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), Keys.ec256(), claims(WEB).build());

    assertThat(JwtSvidVerifier.parseInsecure(expired, "").expiresAt()).isBefore(NOW);
    assertThat(JwtSvidVerifier.parseInsecure(noKid, "").id()).isEqualTo(SpiffeId.parse(WEB));
  }

  @Test
  void stillRequiresSubAudAndExp() {
    var key = Keys.ec256();

    assertThatThrownBy(
            () ->
                JwtSvidVerifier.parseInsecure(
                    sign(JWSAlgorithm.ES256, key, "k", claims(WEB).subject(null).build()), ""))
        .isInstanceOf(SvidException.class)
        .hasMessage("JWT-SVID: sub claim is missing");
    assertThatThrownBy(
            () ->
                JwtSvidVerifier.parseInsecure(
                    sign(JWSAlgorithm.ES256, key, "k", claims(WEB).audience(List.of()).build()),
                    ""))
        .hasMessage("JWT-SVID spiffe://a.org/web: aud claim is missing");
    assertThatThrownBy(
            () ->
                JwtSvidVerifier.parseInsecure(
                    sign(JWSAlgorithm.ES256, key, "k", claims(WEB).expirationTime(null).build()),
                    ""))
        .hasMessage("JWT-SVID spiffe://a.org/web: exp claim is missing");
  }

  @Test
  void jwtSvidRecordNeverShowsTheToken() throws Exception {
    String token = sign(JWSAlgorithm.ES256, Keys.ec256(), "k", claims(WEB).build());

    JwtSvid svid = JwtSvidVerifier.parseInsecure(token, "");

    assertThat(svid.toString()).doesNotContain(token.split("\\.")[2]).doesNotContain(token);
    assertThatThrownBy(() -> svid.claims().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
