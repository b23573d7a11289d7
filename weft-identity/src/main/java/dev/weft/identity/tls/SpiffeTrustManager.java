package dev.weft.identity.tls;

import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509SvidVerifier;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the peer's chain as an X.509-SVID against the bundle of the peer's own trust domain in
 * the source's current snapshot, then asks the {@link PeerAuthorizer}. Fails closed; every
 * rejection is logged with its reason and thrown as a {@link CertificateException}. Does no host
 * name verification: SPIFFE authenticates by ID.
 *
 * <p>The handshake session is invalidated as soon as it is checked, so it is never resumed: a
 * resumed session would skip this check and could outlive the bundle it was verified with.
 */
final class SpiffeTrustManager extends X509ExtendedTrustManager {
  private static final Logger log = LoggerFactory.getLogger(SpiffeTrustManager.class);
  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final IdentitySource source;
  private final PeerAuthorizer authorizer;
  private final Clock clock;

  SpiffeTrustManager(IdentitySource source, PeerAuthorizer authorizer, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    verify(chain, "client", "an unknown address");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    verify(chain, "server", "an unknown address");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    noResumption(socket);
    verify(chain, "client", address(socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    noResumption(socket);
    verify(chain, "server", address(socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    noResumption(engine);
    verify(chain, "client", address(engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    noResumption(engine);
    verify(chain, "server", address(engine));
  }

  /** None: peers come from many trust domains, and are told nothing about which we trust. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }

  private void verify(X509Certificate[] chain, String role, String address)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw reject(role, address, "TLS peer: no certificate chain", null);
    }
    IdentitySnapshot snapshot;
    try {
      snapshot = source.current();
    } catch (IllegalStateException e) {
      throw reject(role, address, "TLS peer: no bundles to verify with: " + e.getMessage(), e);
    }
    SpiffeId peer;
    try {
      peer = X509SvidVerifier.verify(List.of(chain), snapshot.bundles(), clock.instant());
    } catch (SvidException e) {
      throw reject(role, address, e.getMessage(), e);
    }
    PeerAuthorizer.Decision decision;
    try {
      decision = authorizer.authorize(peer);
    } catch (RuntimeException e) {
      throw reject(role, address, "TLS peer " + peer + ": authorizer failed: " + e, e);
    }
    if (!decision.allowed()) {
      throw reject(
          role, address, "TLS peer " + peer + " is not authorized: " + decision.reason(), null);
    }
    log.debug("TLS {} {} at {} accepted", role, peer, address);
  }

  private static CertificateException reject(
      String role, String address, String message, Exception cause) {
    log.warn("TLS {} at {} rejected: {}", role, address, message);
    return cause == null
        ? new CertificateException(message)
        : new CertificateException(message, cause);
  }

  private static void noResumption(Socket socket) {
    if (socket instanceof SSLSocket ssl) {
      invalidate(ssl.getHandshakeSession());
    }
  }

  private static void noResumption(SSLEngine engine) {
    if (engine != null) {
      invalidate(engine.getHandshakeSession());
    }
  }

  private static void invalidate(SSLSession session) {
    if (session != null) {
      session.invalidate();
    }
  }

  private static String address(Socket socket) {
    return socket == null ? "an unknown address" : String.valueOf(socket.getRemoteSocketAddress());
  }

  private static String address(SSLEngine engine) {
    if (engine == null || engine.getPeerHost() == null) {
      return "an unknown address";
    }
    return engine.getPeerHost() + ":" + engine.getPeerPort();
  }
}
