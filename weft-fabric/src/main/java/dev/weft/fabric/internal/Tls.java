package dev.weft.fabric.internal;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.time.Clock;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Netty TLS contexts over SPIFFE key and trust managers: both read the identity source's current
 * snapshot on every handshake, so rotated SVIDs and bundles apply to new connections and no live
 * connection drops. TLS 1.3 only; BoringSSL where it loads, the JDK's engine elsewhere.
 */
public final class Tls {

  private static final boolean OPENSSL = OpenSsl.isAvailable();

  private Tls() {}

  /** {@code boringssl} or {@code jdk}. */
  public static String provider() {
    return OPENSSL ? "boringssl" : "jdk";
  }

  /** A server context that requires a client SVID the authorizer allows. */
  public static SslContext server(IdentitySource source, PeerAuthorizer authorizer, Clock clock)
      throws SSLException {
    return SslContextBuilder.forServer(SpiffeTls.keyManager(source))
        .trustManager(SpiffeTls.trustManager(source, authorizer, clock))
        .clientAuth(ClientAuth.REQUIRE)
        .protocols("TLSv1.3")
        .sslProvider(OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK)
        .build();
  }

  /**
   * A client context that presents the source's SVID and accepts a server the authorizer allows.
   */
  public static SslContext client(IdentitySource source, PeerAuthorizer authorizer, Clock clock)
      throws SSLException {
    return SslContextBuilder.forClient()
        .keyManager(SpiffeTls.keyManager(source))
        .trustManager(SpiffeTls.trustManager(source, authorizer, clock))
        .protocols("TLSv1.3")
        .endpointIdentificationAlgorithm(null)
        .sslProvider(OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK)
        .build();
  }

  /** The SPIFFE ID of the peer of a handshaken connection. */
  public static SpiffeId peerId(SslHandler handler) throws SSLPeerUnverifiedException {
    return SpiffeTls.peerId(handler.engine().getSession());
  }
}
