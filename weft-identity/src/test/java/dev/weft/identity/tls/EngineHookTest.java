package dev.weft.identity.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.workloadapi.TestDomain;
import java.security.KeyManagementException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** A server context's engine hook: told of each engine made for a peer address, able to refuse. */
class EngineHookTest {

  private final TestDomain a = TestDomain.create("a.org");
  private final SwappableIdentitySource source =
      SwappableIdentitySource.of(new IdentitySnapshot(a.svid("/web"), BundleSet.of(a.bundle())));

  @Test
  void eachEngineForAPeerIsAnnouncedAndStartsWithTheServerParameters() {
    List<String> seen = new CopyOnWriteArrayList<>();
    SSLContext context =
        SpiffeTls.serverContext(
            source,
            PeerAuthorizer.any(),
            Clock.systemUTC(),
            (host, port) -> seen.add(host + ":" + port));

    SSLEngine engine = context.createSSLEngine("10.0.0.7", 50123);
    SSLEngine unaddressed = context.createSSLEngine();

    assertThat(seen).containsExactly("10.0.0.7:50123");
    assertThat(engine.getNeedClientAuth()).isTrue();
    assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(unaddressed.getNeedClientAuth()).isTrue();
  }

  @Test
  void aHookThatThrowsRefusesTheEngine() {
    SSLContext context =
        SpiffeTls.serverContext(
            source,
            PeerAuthorizer.any(),
            Clock.systemUTC(),
            (host, port) -> {
              throw new IllegalStateException("connection limit reached");
            });

    assertThatThrownBy(() -> context.createSSLEngine("10.0.0.7", 50123))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection limit reached");
  }

  @Test
  void theContextCannotBeInitialisedAgain() {
    SSLContext context =
        SpiffeTls.serverContext(source, PeerAuthorizer.any(), Clock.systemUTC(), EngineHook.none());

    assertThatThrownBy(() -> context.init(null, null, null))
        .isInstanceOf(KeyManagementException.class)
        .hasMessage(
            "SPIFFE SSLContext: already initialised with the SPIFFE key and trust managers");
  }
}
