package dev.weft.identity.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.workloadapi.TestDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.Keys;
import dev.weft.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

/** Real handshakes between SSLSockets over 127.0.0.1. */
class SpiffeTlsSocketTest {
  private final TestDomain a = TestDomain.create("a.org");
  private final TestDomain b = TestDomain.create("b.org");

  private static SwappableIdentitySource source(X509Svid svid, BundleSet bundles) {
    return SwappableIdentitySource.of(new IdentitySnapshot(svid, bundles));
  }

  @Test
  void mutualTlsSucceedsAndBothSidesSeeThePeersId() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(a.svid("/client"), BundleSet.of(a.bundle()));

    try (TlsEchoServer echo =
            new TlsEchoServer(
                SpiffeTls.serverContext(server, PeerAuthorizer.memberOf(a.trustDomain())));
        TlsClient conn =
            echo.connect(
                SpiffeTls.clientContext(client, PeerAuthorizer.exactly(a.id("/server"))))) {
      assertThat(SpiffeTls.peerId(conn.socket().getSession())).isEqualTo(a.id("/server"));
      assertThat(conn.socket().getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(echo.next())
          .isInstanceOfSatisfying(
              TlsEchoServer.Accepted.class,
              accepted -> {
                assertThat(accepted.peer()).isEqualTo(a.id("/client"));
                assertThat(accepted.peerLeaf()).isEqualTo(client.current().svid().leaf());
              });
    }
  }

  @Test
  void anotherConnectionToTheListenerIsNotTakenForTheTestsOwn() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(a.svid("/client"), BundleSet.of(a.bundle()));

    try (TlsEchoServer echo =
        new TlsEchoServer(SpiffeTls.serverContext(server, PeerAuthorizer.any()))) {
      // Any process may connect to a loopback port: here one that speaks no TLS, refused and
      // closed by the server before the test connects.
      try (Socket other = new Socket(InetAddress.getLoopbackAddress(), echo.port())) {
        other.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        other.setSoTimeout(30_000);
        assertThat(other.getInputStream().readAllBytes()).isNotNull();
      }
      try (TlsClient conn = echo.connect(SpiffeTls.clientContext(client, PeerAuthorizer.any()))) {
        assertThat(echo.next())
            .isInstanceOfSatisfying(
                TlsEchoServer.Accepted.class,
                accepted -> assertThat(accepted.peer()).isEqualTo(a.id("/client")));
        assertThat(conn.echo("mine")).isEqualTo("mine");
      }
    }
  }

  @Test
  void tls12IsAllowed() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(a.svid("/client"), BundleSet.of(a.bundle()));

    try (TlsEchoServer echo =
            new TlsEchoServer(SpiffeTls.serverContext(server, PeerAuthorizer.any()));
        TlsClient conn =
            echo.connect(SpiffeTls.clientContext(client, PeerAuthorizer.any()), "TLSv1.2")) {
      assertThat(conn.socket().getSession().getProtocol()).isEqualTo("TLSv1.2");
      assertThat(echo.next()).isInstanceOf(TlsEchoServer.Accepted.class);
    }
  }

  @Test
  void peersOfAFederatedDomainAreVerifiedWithTheirOwnDomainsBundle() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle(), b.bundle()));
    var client = source(b.svid("/client"), BundleSet.of(a.bundle(), b.bundle()));

    try (TlsEchoServer echo =
            new TlsEchoServer(
                SpiffeTls.serverContext(server, PeerAuthorizer.memberOf(b.trustDomain())));
        TlsClient conn =
            echo.connect(
                SpiffeTls.clientContext(client, PeerAuthorizer.memberOf(a.trustDomain())))) {
      assertThat(SpiffeTls.peerId(conn.socket().getSession())).isEqualTo(a.id("/server"));
      assertThat(echo.next())
          .isInstanceOfSatisfying(
              TlsEchoServer.Accepted.class, ok -> assertThat(ok.peer()).isEqualTo(b.id("/client")));
    }
  }

  @Test
  void aPeerFromADomainWithoutABundleIsRefused() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(b.svid("/client"), BundleSet.of(a.bundle(), b.bundle()));

    assertRefused(
        server,
        client,
        PeerAuthorizer.any(),
        "X.509-SVID spiffe://b.org/client: no trust bundle for trust domain b.org (the domain is"
            + " unknown or not federated)");
  }

  @Test
  void aPeerSignedByAnotherDomainsAuthorityIsRefused() throws Exception {
    // Claims b.org but is signed by a.org's root, which the server also trusts (for a.org only).
    X509Svid impostor =
        TestDomain.toSvid(CertBuilder.svid("spiffe://b.org/client").issuer(a.root()).build(), "");
    var server = source(a.svid("/server"), BundleSet.of(a.bundle(), b.bundle()));
    var client = source(impostor, BundleSet.of(a.bundle()));

    TlsEchoServer.Refused refused = refusedBy(server, client, PeerAuthorizer.any());
    assertThat(refused.reason())
        .startsWith(
            "X.509-SVID spiffe://b.org/client: chain is not signed by a usable X.509 authority of"
                + " trust domain b.org");
  }

  @Test
  void aForgedPeerIsRefused() throws Exception {
    X509Svid forged =
        TestDomain.toSvid(
            CertBuilder.svid("spiffe://a.org/client")
                .issuer(a.root().cert(), Keys.ec256().getPrivate())
                .build(),
            "");
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(forged, BundleSet.of(a.bundle()));

    TlsEchoServer.Refused refused = refusedBy(server, client, PeerAuthorizer.any());
    assertThat(refused.reason())
        .startsWith(
            "X.509-SVID spiffe://a.org/client: certificate 0 of the chain: signature does not verify"
                + " against its issuer");
  }

  @Test
  void anExpiredPeerIsRefusedByTheVerifiersClock() throws Exception {
    MutableClock clock = MutableClock.startingNow();
    X509Svid shortLived =
        a.svid("/client", clock.instant().minusSeconds(60), clock.instant().plusSeconds(600));
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(shortLived, BundleSet.of(a.bundle()));
    SSLContext serverContext = SpiffeTls.serverContext(server, PeerAuthorizer.any(), clock);
    SSLContext clientContext = SpiffeTls.clientContext(client, PeerAuthorizer.any());

    try (TlsEchoServer echo = new TlsEchoServer(serverContext)) {
      try (TlsClient ok = echo.connect(clientContext)) {
        assertThat(SpiffeTls.peerId(ok.socket().getSession())).isEqualTo(a.id("/server"));
        assertThat(echo.next()).isInstanceOf(TlsEchoServer.Accepted.class);
      }
      clock.advance(Duration.ofSeconds(601));
      assertThatThrownBy(() -> echo.connect(clientContext)).isInstanceOf(IOException.class);
      assertThat(echo.next())
          .isInstanceOfSatisfying(
              TlsEchoServer.Refused.class,
              refused ->
                  assertThat(refused.reason())
                      .isEqualTo(
                          "X.509-SVID spiffe://a.org/client: expired at "
                              + shortLived.expiresAt()));
    }
  }

  @Test
  void theServersAuthorizerCanRefuseAVerifiedPeer() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(a.svid("/client"), BundleSet.of(a.bundle()));

    assertRefused(
        server,
        client,
        PeerAuthorizer.exactly(a.id("/other")),
        "TLS peer spiffe://a.org/client is not authorized: not one of [spiffe://a.org/other]");
  }

  @Test
  void theClientsAuthorizerCanRefuseTheServer() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(a.svid("/client"), BundleSet.of(a.bundle()));

    try (TlsEchoServer echo =
        new TlsEchoServer(SpiffeTls.serverContext(server, PeerAuthorizer.any()))) {
      SSLContext clientContext =
          SpiffeTls.clientContext(client, PeerAuthorizer.memberOf(b.trustDomain()));
      assertThatThrownBy(() -> echo.connect(clientContext))
          .isInstanceOf(SSLHandshakeException.class)
          .rootCause()
          .isInstanceOf(CertificateException.class)
          .hasMessage(
              "TLS peer spiffe://a.org/server is not authorized: trust domain a.org is not one of"
                  + " [b.org]");
    }
  }

  @Test
  void aClientWithoutACertificateIsRefused() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    SSLContext anonymous = SSLContext.getInstance("TLS");
    anonymous.init(null, new TrustManager[] {new TrustingEverything()}, null);

    try (TlsEchoServer echo =
        new TlsEchoServer(SpiffeTls.serverContext(server, PeerAuthorizer.any()))) {
      assertThatThrownBy(() -> echo.connect(anonymous)).isInstanceOf(IOException.class);
      assertThat(echo.next())
          .isInstanceOfSatisfying(
              TlsEchoServer.Refused.class,
              refused -> assertThat(refused.error()).isInstanceOf(SSLHandshakeException.class));
    }
  }

  @Test
  void withoutAnIdentityNothingIsPresentedAndNothingTrusted() throws Exception {
    var client = source(a.svid("/client"), BundleSet.of(a.bundle()));

    try (TlsEchoServer echo =
        new TlsEchoServer(
            SpiffeTls.serverContext(SwappableIdentitySource.empty(), PeerAuthorizer.any()))) {
      assertThatThrownBy(() -> echo.connect(SpiffeTls.clientContext(client, PeerAuthorizer.any())))
          .isInstanceOf(SSLException.class);
      assertThat(echo.next()).isInstanceOf(TlsEchoServer.Refused.class);
    }
  }

  @Test
  void rotationAppliesToNewHandshakesWhileOpenConnectionsStay() throws Exception {
    X509Svid server1 = a.svid("/server");
    X509Svid client1 = a.svid("/client");
    var server = source(server1, BundleSet.of(a.bundle()));
    var client = source(client1, BundleSet.of(a.bundle()));
    SSLContext serverContext = SpiffeTls.serverContext(server, PeerAuthorizer.any());
    SSLContext clientContext = SpiffeTls.clientContext(client, PeerAuthorizer.any());

    try (TlsEchoServer echo = new TlsEchoServer(serverContext);
        TlsClient first = echo.connect(clientContext)) {
      assertThat(first.serverLeaf()).isEqualTo(server1.leaf());
      assertThat(((TlsEchoServer.Accepted) echo.next()).peerLeaf()).isEqualTo(client1.leaf());

      // Both sides move to a new authority of the same trust domain; the old one is dropped.
      TestDomain renewed = TestDomain.create("a.org");
      X509Svid server2 = renewed.svid("/server");
      X509Svid client2 = renewed.svid("/client");
      server.set(new IdentitySnapshot(server2, BundleSet.of(renewed.bundle())));
      client.set(new IdentitySnapshot(client2, BundleSet.of(renewed.bundle())));

      try (TlsClient second = echo.connect(clientContext)) {
        assertThat(second.serverLeaf()).isEqualTo(server2.leaf());
        assertThat(((TlsEchoServer.Accepted) echo.next()).peerLeaf()).isEqualTo(client2.leaf());
      }
      assertThat(first.echo("still here")).isEqualTo("still here");

      // A peer still holding only the old authority's SVID no longer gets in.
      var stale = source(a.svid("/client"), BundleSet.of(renewed.bundle()));
      assertThatThrownBy(() -> echo.connect(SpiffeTls.clientContext(stale, PeerAuthorizer.any())))
          .isInstanceOf(IOException.class);
      assertThat(echo.next())
          .isInstanceOfSatisfying(
              TlsEchoServer.Refused.class,
              refused ->
                  assertThat(refused.reason())
                      .startsWith(
                          "X.509-SVID spiffe://a.org/client: chain is not signed by a usable"
                              + " X.509 authority of trust domain a.org"));
    }
  }

  @Test
  void sessionsAreNotResumedSoEveryConnectionIsVerifiedAgain() throws Exception {
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    var client = source(a.svid("/client"), BundleSet.of(a.bundle()));
    SSLContext clientContext = SpiffeTls.clientContext(client, PeerAuthorizer.any());

    try (TlsEchoServer echo =
        new TlsEchoServer(SpiffeTls.serverContext(server, PeerAuthorizer.any()))) {
      try (TlsClient first = echo.connect(clientContext)) {
        assertThat(first.echo("ping")).isEqualTo("ping");
        assertThat(echo.next()).isInstanceOf(TlsEchoServer.Accepted.class);
      }
      // The server drops a.org: a resumed session would still get in without a check.
      server.update(s -> new IdentitySnapshot(s.svid(), BundleSet.of(b.bundle())));
      assertThatThrownBy(() -> echo.connect(clientContext)).isInstanceOf(IOException.class);
      assertThat(echo.next())
          .isInstanceOfSatisfying(
              TlsEchoServer.Refused.class,
              refused ->
                  assertThat(refused.reason())
                      .isEqualTo(
                          "X.509-SVID spiffe://a.org/client: no trust bundle for trust domain a.org"
                              + " (the domain is unknown or not federated)"));
    }
  }

  @Test
  void aClientDoesNotResumeWithAServerThatHandsOutTickets() throws Exception {
    // A plain JSSE server (not made by SpiffeTls) that issues TLS 1.3 session tickets.
    var server = source(a.svid("/server"), BundleSet.of(a.bundle()));
    SSLContext ticketing = SSLContext.getInstance("TLS");
    ticketing.init(
        new KeyManager[] {SpiffeTls.keyManager(server)},
        new TrustManager[] {new TrustingEverything()},
        null);
    var client = source(a.svid("/client"), BundleSet.of(a.bundle()));
    SSLContext clientContext = SpiffeTls.clientContext(client, PeerAuthorizer.any());

    try (TlsEchoServer echo = new TlsEchoServer(ticketing, true)) {
      try (TlsClient first = echo.connect(clientContext)) {
        assertThat(first.echo("ticket please")).isEqualTo("ticket please");
        assertThat(echo.next()).isInstanceOf(TlsEchoServer.Accepted.class);
      }
      // The client stops trusting a.org: a resumed session would skip that check.
      client.update(s -> new IdentitySnapshot(s.svid(), BundleSet.of(b.bundle())));
      assertThatThrownBy(() -> echo.connect(clientContext))
          .isInstanceOf(SSLHandshakeException.class)
          .rootCause()
          .hasMessage(
              "X.509-SVID spiffe://a.org/server: no trust bundle for trust domain a.org (the"
                  + " domain is unknown or not federated)");
    }
  }

  @Test
  void contextsCarryTheirParametersAndCannotBeReinitialised() throws Exception {
    var identity = source(a.svid("/server"), BundleSet.of(a.bundle()));
    SSLContext server = SpiffeTls.serverContext(identity, PeerAuthorizer.any());
    SSLContext client = SpiffeTls.clientContext(identity, PeerAuthorizer.any());

    SSLEngine serverEngine = server.createSSLEngine();
    assertThat(serverEngine.getNeedClientAuth()).isTrue();
    assertThat(serverEngine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(server.getDefaultSSLParameters().getNeedClientAuth()).isTrue();
    assertThat(server.getDefaultSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
    try (TlsEchoServer echo = new TlsEchoServer(server)) {
      assertThat(echo.listener().getNeedClientAuth()).isTrue();
      assertThat(echo.listener().getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }
    assertThat(client.createSSLEngine("peer", 443).getEnabledProtocols())
        .containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(client.getDefaultSSLParameters().getNeedClientAuth()).isFalse();
    assertThat(SpiffeTls.serverParameters().getNeedClientAuth()).isTrue();
    assertThat(SpiffeTls.clientParameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");

    assertThatThrownBy(() -> server.init(null, null, null))
        .isInstanceOf(java.security.KeyManagementException.class)
        .hasMessage(
            "SPIFFE SSLContext: already initialised with the SPIFFE key and trust managers");
  }

  private void assertRefused(
      SwappableIdentitySource server,
      SwappableIdentitySource client,
      PeerAuthorizer serverAuthorizer,
      String reason)
      throws Exception {
    assertThat(refusedBy(server, client, serverAuthorizer).reason()).isEqualTo(reason);
  }

  private TlsEchoServer.Refused refusedBy(
      SwappableIdentitySource server,
      SwappableIdentitySource client,
      PeerAuthorizer serverAuthorizer)
      throws Exception {
    try (TlsEchoServer echo =
        new TlsEchoServer(SpiffeTls.serverContext(server, serverAuthorizer))) {
      SSLContext clientContext = SpiffeTls.clientContext(client, PeerAuthorizer.any());
      assertThatThrownBy(() -> echo.connect(clientContext)).isInstanceOf(IOException.class);
      TlsEchoServer.Outcome outcome = echo.next();
      assertThat(outcome).isInstanceOf(TlsEchoServer.Refused.class);
      return (TlsEchoServer.Refused) outcome;
    }
  }

  /** For a client that must reach the server's certificate check without one of its own. */
  private static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
