package dev.weft.identity.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.workloadapi.TestDomain;
import dev.weft.testing.CertBuilder;
import java.lang.reflect.Proxy;
import java.security.cert.Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class PeerIdTest {
  private final TestDomain a = TestDomain.create("a.org");

  /** A session whose only behaviour is to return {@code peer} as the peer's chain. */
  private static SSLSession sessionWith(Certificate... peer) {
    return (SSLSession)
        Proxy.newProxyInstance(
            PeerIdTest.class.getClassLoader(),
            new Class<?>[] {SSLSession.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getPeerCertificates")) {
                return peer.clone();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @Test
  void readsTheSpiffeIdOfTheLeaf() throws Exception {
    assertThat(SpiffeTls.peerId(sessionWith(a.svid("/web").leaf(), a.root().cert())))
        .isEqualTo(a.id("/web"));
  }

  @Test
  void aLeafWithoutASpiffeIdIsNoPeerId() {
    Certificate noUri =
        CertBuilder.svid("spiffe://a.org/web").uris().issuer(a.root()).build().cert();

    assertThatThrownBy(() -> SpiffeTls.peerId(sessionWith(noUri)))
        .isInstanceOf(SSLPeerUnverifiedException.class)
        .hasMessage("X.509-SVID: certificate has 0 URI SANs (expected: exactly 1)");
    assertThatThrownBy(() -> SpiffeTls.peerId(sessionWith()))
        .isInstanceOf(SSLPeerUnverifiedException.class)
        .hasMessage("TLS peer: no X.509 certificate");
  }
}
