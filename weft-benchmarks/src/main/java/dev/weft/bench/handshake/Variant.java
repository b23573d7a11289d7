package dev.weft.bench.handshake;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One way of doing mutual TLS, server and client side, with counters of the peer verifications each
 * side made.
 *
 * @param label how the table names it
 * @param server the server's context
 * @param client the client's context
 * @param serverChecks client chains the server verified
 * @param clientChecks server chains the client verified
 * @param needsSettings whether its sockets need the settings below (the SPIFFE contexts apply their
 *     own)
 */
record Variant(
    String label,
    SSLContext server,
    SSLContext client,
    AtomicLong serverChecks,
    AtomicLong clientChecks,
    boolean needsSettings) {

  /** As {@code SpiffeTls}: one second above the seven-day TLS 1.3 ticket limit, so no tickets. */
  private static final int NO_TICKETS_SESSION_TIMEOUT_SECONDS = 7 * 24 * 3600 + 1;

  private static final char[] PASSWORD = "bench".toCharArray();

  /**
   * Weft: {@link SpiffeTls#serverContext} and {@link SpiffeTls#clientContext} over the sources,
   * each side authorizing exactly the other's SPIFFE ID (counted).
   */
  static Variant spiffe(
      IdentitySource serverSource,
      SpiffeId serverId,
      IdentitySource clientSource,
      SpiffeId clientId) {
    AtomicLong serverChecks = new AtomicLong();
    AtomicLong clientChecks = new AtomicLong();
    PeerAuthorizer allowClient = counting(PeerAuthorizer.exactly(clientId), serverChecks);
    PeerAuthorizer allowServer = counting(PeerAuthorizer.exactly(serverId), clientChecks);
    return new Variant(
        "Weft SpiffeTls (SPIFFE verification)",
        SpiffeTls.serverContext(serverSource, allowClient),
        SpiffeTls.clientContext(clientSource, allowServer),
        serverChecks,
        clientChecks,
        false);
  }

  /**
   * The baseline: the JDK's default {@link KeyManagerFactory} and {@link TrustManagerFactory} over
   * in-memory PKCS12 key stores holding the same SVIDs and the same roots; the same protocols,
   * client authentication required and, as in {@code SpiffeTls}, no session tickets and no
   * resumption.
   */
  static Variant plainJsse(X509Svid serverSvid, X509Svid clientSvid, TrustBundle bundle)
      throws GeneralSecurityException, IOException {
    AtomicLong serverChecks = new AtomicLong();
    AtomicLong clientChecks = new AtomicLong();
    return new Variant(
        "plain JSSE (JDK KeyManagerFactory/TrustManagerFactory, PKIX)",
        context(serverSvid, bundle.x509Authorities(), serverChecks),
        context(clientSvid, bundle.x509Authorities(), clientChecks),
        serverChecks,
        clientChecks,
        true);
  }

  /** Sets what the SPIFFE contexts set on their server sockets. */
  void configure(SSLServerSocket socket) {
    if (needsSettings) {
      socket.setEnabledProtocols(SpiffeTls.PROTOCOLS.toArray(String[]::new));
      socket.setNeedClientAuth(true);
    }
  }

  /** Sets what the SPIFFE contexts set on their client sockets. */
  void configure(SSLSocket socket) {
    if (needsSettings) {
      socket.setEnabledProtocols(SpiffeTls.PROTOCOLS.toArray(String[]::new));
    }
  }

  private static SSLContext context(X509Svid svid, List<X509Certificate> roots, AtomicLong checks)
      throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "svid", svid.privateKey(), PASSWORD, svid.chain().toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    for (int i = 0; i < roots.size(); i++) {
      trusted.setCertificateEntry("root-" + i, roots.get(i));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    X509ExtendedTrustManager jdk = null;
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        jdk = x;
      }
    }
    if (jdk == null) {
      throw new IllegalStateException(
          "the JDK's TrustManagerFactory made no X509ExtendedTrustManager");
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        kmf.getKeyManagers(), new TrustManager[] {new CountingTrustManager(jdk, checks)}, null);
    context.getClientSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT_SECONDS);
    context.getServerSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT_SECONDS);
    return context;
  }

  private static PeerAuthorizer counting(PeerAuthorizer delegate, AtomicLong checks) {
    return peer -> {
      checks.incrementAndGet();
      return delegate.authorize(peer);
    };
  }
}
