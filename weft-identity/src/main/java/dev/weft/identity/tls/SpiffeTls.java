package dev.weft.identity.tls;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * SPIFFE mutual TLS for JSSE and gRPC. Both sides present the SVID of an {@link IdentitySource} and
 * accept a peer only if its X.509-SVID verifies against the bundle of the peer's own trust domain
 * and the {@link PeerAuthorizer} allows its SPIFFE ID. No host name verification is done: peers are
 * authenticated by SPIFFE ID.
 *
 * <p>The managers read the source on every handshake: after the source rotates its SVID or bundles,
 * new handshakes use the new ones with no new context, and open connections stay up. TLS 1.3 is
 * preferred and TLS 1.2 allowed ({@link #PROTOCOLS}); sessions are never resumed.
 *
 * <pre>{@code
 * SSLContext server = SpiffeTls.serverContext(source, PeerAuthorizer.memberOf(domain));
 * try (SSLServerSocket listener = (SSLServerSocket)
 *     server.getServerSocketFactory().createServerSocket(8443)) {  // client auth required
 *   SSLSocket socket = (SSLSocket) listener.accept();
 *   socket.startHandshake();
 *   SpiffeId caller = SpiffeTls.peerId(socket.getSession());
 * }
 *
 * Server grpc = Grpc.newServerBuilderForPort(8443, SpiffeTls.serverCredentials(source, authz))
 *     .intercept(SpiffeTls.peerIdInterceptor()).addService(service).build();
 * // in a service method: SpiffeId caller = SpiffeTls.callerId().orElseThrow();
 * }</pre>
 */
public final class SpiffeTls {
  /** The TLS versions offered, preferred first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * The verified SPIFFE ID of the gRPC caller, set by {@link #peerIdInterceptor()} in the context
   * of every call it admits.
   */
  public static final Context.Key<SpiffeId> PEER_ID = Context.key("weft-spiffe-peer-id");

  /** One second above the seven-day ticket lifetime limit of TLS 1.3 (RFC 8446, 4.6.1). */
  private static final int NO_TICKETS_SESSION_TIMEOUT_SECONDS = 7 * 24 * 3600 + 1;

  private SpiffeTls() {}

  /** {@link #serverContext(IdentitySource, PeerAuthorizer, Clock)} with the system clock. */
  public static SSLContext serverContext(IdentitySource source, PeerAuthorizer authorizer) {
    return serverContext(source, authorizer, Clock.systemUTC());
  }

  /**
   * A server context: its server sockets and engines require a client certificate (an X.509-SVID
   * the authorizer allows) and offer {@link #PROTOCOLS}. Verification uses {@code clock}'s time.
   */
  public static SSLContext serverContext(
      IdentitySource source, PeerAuthorizer authorizer, Clock clock) {
    return context(source, authorizer, clock, true, EngineHook.none());
  }

  /**
   * A server context as {@link #serverContext(IdentitySource, PeerAuthorizer, Clock)} makes, that
   * first tells {@code hook} of every engine it makes for a peer address (see {@link EngineHook}):
   * for a server that counts or refuses connections before their handshake.
   */
  public static SSLContext serverContext(
      IdentitySource source, PeerAuthorizer authorizer, Clock clock, EngineHook hook) {
    return context(source, authorizer, clock, true, Objects.requireNonNull(hook, "hook"));
  }

  /** {@link #clientContext(IdentitySource, PeerAuthorizer, Clock)} with the system clock. */
  public static SSLContext clientContext(IdentitySource source, PeerAuthorizer authorizer) {
    return clientContext(source, authorizer, Clock.systemUTC());
  }

  /**
   * A client context: it presents the source's SVID and accepts a server whose X.509-SVID verifies
   * and whom the authorizer allows. Engines must still be put in client mode by the caller ({@code
   * engine.setUseClientMode(true)}); sockets from its socket factory are.
   */
  public static SSLContext clientContext(
      IdentitySource source, PeerAuthorizer authorizer, Clock clock) {
    return context(source, authorizer, clock, false, EngineHook.none());
  }

  /**
   * A key manager that presents the source's current SVID, for frameworks that build their own TLS
   * context. Use it together with {@link #trustManager}.
   */
  public static X509ExtendedKeyManager keyManager(IdentitySource source) {
    return new SpiffeKeyManager(source);
  }

  /**
   * A trust manager that verifies peers against the source's current bundles at {@code clock}'s
   * time and then asks {@code authorizer}; it does no host name verification. Failures are {@link
   * java.security.cert.CertificateException}s with the reason, also logged.
   */
  public static X509ExtendedTrustManager trustManager(
      IdentitySource source, PeerAuthorizer authorizer, Clock clock) {
    return new SpiffeTrustManager(source, authorizer, clock);
  }

  /**
   * Parameters for a server socket or engine made elsewhere: {@link #PROTOCOLS}, client
   * authentication required, no endpoint identification.
   */
  public static SSLParameters serverParameters() {
    SSLParameters parameters = clientParameters();
    parameters.setNeedClientAuth(true);
    return parameters;
  }

  /** Parameters for a client socket or engine made elsewhere: {@link #PROTOCOLS}. */
  public static SSLParameters clientParameters() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    parameters.setEndpointIdentificationAlgorithm(null);
    return parameters;
  }

  /**
   * The SPIFFE ID of the peer of {@code session}, read from its leaf certificate. Meant for
   * sessions of contexts made here, whose peer certificate has been verified.
   *
   * @throws SSLPeerUnverifiedException if the peer sent no certificate or its leaf carries no
   *     single SPIFFE ID
   */
  public static SpiffeId peerId(SSLSession session) throws SSLPeerUnverifiedException {
    Objects.requireNonNull(session, "session");
    Certificate[] chain = session.getPeerCertificates();
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      throw new SSLPeerUnverifiedException("TLS peer: no X.509 certificate");
    }
    try {
      return X509Svid.spiffeIdOf(leaf);
    } catch (SvidException e) {
      SSLPeerUnverifiedException failure = new SSLPeerUnverifiedException(e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  /** {@link #serverCredentials(IdentitySource, PeerAuthorizer, Clock)} with the system clock. */
  public static ServerCredentials serverCredentials(
      IdentitySource source, PeerAuthorizer authorizer) {
    return serverCredentials(source, authorizer, Clock.systemUTC());
  }

  /**
   * gRPC server credentials: mutual TLS with client authentication required. Add {@link
   * #peerIdInterceptor()} to the server to read callers' IDs.
   */
  public static ServerCredentials serverCredentials(
      IdentitySource source, PeerAuthorizer authorizer, Clock clock) {
    return TlsServerCredentials.newBuilder()
        .keyManager(keyManager(source))
        .trustManager(trustManager(source, authorizer, clock))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  /** {@link #channelCredentials(IdentitySource, PeerAuthorizer, Clock)} with the system clock. */
  public static ChannelCredentials channelCredentials(
      IdentitySource source, PeerAuthorizer authorizer) {
    return channelCredentials(source, authorizer, Clock.systemUTC());
  }

  /** gRPC channel credentials: mutual TLS, the server authorized by {@code authorizer}. */
  public static ChannelCredentials channelCredentials(
      IdentitySource source, PeerAuthorizer authorizer, Clock clock) {
    return TlsChannelCredentials.newBuilder()
        .keyManager(keyManager(source))
        .trustManager(trustManager(source, authorizer, clock))
        .build();
  }

  /**
   * A server interceptor that puts the caller's SPIFFE ID in {@link #PEER_ID} for the call, and
   * rejects with {@code UNAUTHENTICATED} a call without a TLS session or a peer SPIFFE ID.
   */
  public static ServerInterceptor peerIdInterceptor() {
    return PeerIdInterceptor.INSTANCE;
  }

  /** The current gRPC call's verified caller, if {@link #peerIdInterceptor()} admitted it. */
  public static Optional<SpiffeId> callerId() {
    return Optional.ofNullable(PEER_ID.get());
  }

  private static SSLContext context(
      IdentitySource source,
      PeerAuthorizer authorizer,
      Clock clock,
      boolean server,
      EngineHook hook) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(authorizer, "authorizer");
    Objects.requireNonNull(clock, "clock");
    SSLContext base;
    try {
      base = SSLContext.getInstance("TLS");
      base.init(
          new KeyManager[] {keyManager(source)},
          new TrustManager[] {trustManager(source, authorizer, clock)},
          null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS: the JDK offers no usable TLS context", e);
    }
    // No resumption, so that every connection is verified against the bundles of its time. The
    // trust manager invalidates each handshake session (no session-ID resumption, and our servers
    // issue no tickets); this stops the client from keeping tickets that other servers hand out:
    // the JDK neither issues nor keeps tickets when sessions may live longer than seven days.
    base.getClientSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT_SECONDS);
    base.getServerSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT_SECONDS);
    Supplier<SSLParameters> parameters =
        () -> {
          SSLParameters p = base.getDefaultSSLParameters();
          p.setProtocols(PROTOCOLS.toArray(String[]::new));
          p.setEndpointIdentificationAlgorithm(null);
          p.setNeedClientAuth(server);
          return p;
        };
    return new ForwardingSslContext(base, parameters, hook);
  }
}
