package dev.weft.trust.server;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.time.Clock;
import javax.net.ssl.SSLException;

/**
 * The node API's TLS: the server's SVID, client certificates optional (attestation has none) and
 * verified against the trust domain's bundle, and no session resumption. A resumed session would
 * carry the certificate of its first handshake, so an agent that renewed its SVID would go on
 * presenting the old one, and the per-call serial check could not tell. The JDK provider is used
 * because its resumption can be turned off: the trust manager invalidates each handshake session,
 * and a session lifetime above the TLS 1.3 ticket limit stops tickets.
 */
final class NodeApiTls {
  /** One second above the seven-day ticket lifetime limit of TLS 1.3 (RFC 8446, 4.6.1). */
  private static final long NO_TICKETS_SESSION_TIMEOUT_SECONDS = 7 * 24 * 3600 + 1;

  private NodeApiTls() {}

  static SslContext serverContext(IdentitySource identity, TrustDomain td, Clock clock)
      throws SSLException {
    SslContextBuilder builder =
        SslContextBuilder.forServer(SpiffeTls.keyManager(identity))
            .trustManager(SpiffeTls.trustManager(identity, PeerAuthorizer.memberOf(td), clock))
            .clientAuth(ClientAuth.OPTIONAL)
            .protocols(SpiffeTls.PROTOCOLS.toArray(String[]::new))
            .sessionTimeout(NO_TICKETS_SESSION_TIMEOUT_SECONDS);
    return GrpcSslContexts.configure(builder, SslProvider.JDK).build();
  }
}
