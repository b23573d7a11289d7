package dev.weft.identity.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import org.junit.jupiter.api.Test;

class PeerAuthorizerTest {
  private static final SpiffeId WEB = SpiffeId.parse("spiffe://a.org/web");

  @Test
  void anyAllowsEveryVerifiedPeer() {
    assertThat(PeerAuthorizer.any().authorize(WEB)).isEqualTo(PeerAuthorizer.Decision.allow());
  }

  @Test
  void memberOfAllowsOnlyTheGivenDomains() {
    PeerAuthorizer authorizer =
        PeerAuthorizer.memberOf(TrustDomain.parse("b.org"), TrustDomain.parse("a.org"));

    assertThat(authorizer.authorize(WEB).allowed()).isTrue();
    PeerAuthorizer.Decision denied = authorizer.authorize(SpiffeId.parse("spiffe://c.org/web"));
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.reason()).isEqualTo("trust domain c.org is not one of [a.org, b.org]");
  }

  @Test
  void exactlyAllowsOnlyTheGivenIds() {
    PeerAuthorizer authorizer = PeerAuthorizer.exactly(WEB);

    assertThat(authorizer.authorize(SpiffeId.parse("spiffe://a.org/web")).allowed()).isTrue();
    assertThat(authorizer.authorize(SpiffeId.parse("spiffe://a.org/web/admin")))
        .isEqualTo(PeerAuthorizer.Decision.deny("not one of [spiffe://a.org/web]"));
  }

  @Test
  void emptyListsAreMistakes() {
    assertThatThrownBy(PeerAuthorizer::memberOf)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trustDomains: [] (expected: at least one)");
    assertThatThrownBy(PeerAuthorizer::exactly)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ids: [] (expected: at least one)");
  }

  @Test
  void aDenialNeedsAReason() {
    assertThatThrownBy(() -> PeerAuthorizer.Decision.deny(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason: \"\" (expected: why the peer is rejected)");
  }
}
