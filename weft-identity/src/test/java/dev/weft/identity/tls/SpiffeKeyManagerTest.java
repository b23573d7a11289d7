package dev.weft.identity.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.workloadapi.TestDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import org.junit.jupiter.api.Test;

class SpiffeKeyManagerTest {
  private final TestDomain a = TestDomain.create("a.org");

  private SwappableIdentitySource source(X509Svid svid) {
    return SwappableIdentitySource.of(new IdentitySnapshot(svid, BundleSet.of(a.bundle())));
  }

  @Test
  void offersTheCurrentSvidForItsKeyTypeOnly() {
    X509Svid svid = a.svid("/web");
    SpiffeKeyManager keys = new SpiffeKeyManager(source(svid));

    String alias = keys.chooseServerAlias("EC", null, null);
    assertThat(alias).isNotNull();
    assertThat(keys.getCertificateChain(alias)).containsExactly(svid.leaf());
    assertThat(keys.getPrivateKey(alias)).isSameAs(svid.privateKey());
    assertThat(keys.chooseServerAlias("RSA", null, null)).isNull();
    assertThat(keys.chooseEngineServerAlias("EC_EC", null, null)).isEqualTo(alias);
    assertThat(keys.chooseClientAlias(new String[] {"RSA", "EC"}, null, null)).isEqualTo(alias);
    assertThat(keys.chooseEngineClientAlias(new String[] {"RSASSA-PSS"}, null, null)).isNull();
    assertThat(keys.getServerAliases("EC", null)).containsExactly(alias);
    assertThat(keys.getClientAliases("RSA", null)).isNull();
  }

  @Test
  void anRsaSvidIsOfferedForRsa() {
    X509Svid rsa =
        TestDomain.toSvid(
            CertBuilder.svid("spiffe://a.org/rsa").keyPair(Keys.rsa2048()).issuer(a.root()).build(),
            "");
    SpiffeKeyManager keys = new SpiffeKeyManager(source(rsa));

    assertThat(keys.chooseServerAlias("EC", null, null)).isNull();
    assertThat(keys.getPrivateKey(keys.chooseServerAlias("RSA", null, null)))
        .isSameAs(rsa.privateKey());
  }

  @Test
  void aHandshakeThatSpansARotationKeepsChainAndKeyTogether() {
    X509Svid first = a.svid("/web");
    X509Svid second = a.svid("/web");
    X509Svid third = a.svid("/web");
    SwappableIdentitySource source = source(first);
    SpiffeKeyManager keys = new SpiffeKeyManager(source);

    String firstAlias = keys.chooseServerAlias("EC", null, null);
    source.set(new IdentitySnapshot(second, BundleSet.of(a.bundle())));
    String secondAlias = keys.chooseServerAlias("EC", null, null);

    assertThat(secondAlias).isNotEqualTo(firstAlias);
    // The handshake that chose firstAlias still gets first's chain and first's key.
    assertThat(keys.getCertificateChain(firstAlias)).containsExactly(first.leaf());
    assertThat(keys.getPrivateKey(firstAlias)).isSameAs(first.privateKey());
    assertThat(keys.getCertificateChain(secondAlias)).containsExactly(second.leaf());
    assertThat(keys.chooseServerAlias("EC", null, null)).isEqualTo(secondAlias);

    source.set(new IdentitySnapshot(third, BundleSet.of(a.bundle())));
    keys.chooseServerAlias("EC", null, null);
    assertThat(keys.getCertificateChain(firstAlias)).isNull();
    assertThat(keys.getPrivateKey(firstAlias)).isNull();
    assertThat(keys.getCertificateChain("unknown")).isNull();
  }

  @Test
  void withoutAnIdentityThereIsNothingToOffer() {
    SpiffeKeyManager keys = new SpiffeKeyManager(SwappableIdentitySource.empty());

    assertThat(keys.chooseServerAlias("EC", null, null)).isNull();
    assertThat(keys.chooseClientAlias(new String[] {"EC"}, null, null)).isNull();
  }
}
