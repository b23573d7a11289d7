package dev.weft.trust.uds;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.util.AsciiString;

/**
 * A plaintext server negotiator that, once the connection is active, reads the peer's {@code
 * SO_PEERCRED} and adds it to the transport attributes under {@link
 * PeerCredentialsHandler#ATTRIBUTE}, then hands over to gRPC. Stateless.
 */
final class PeerCredentialsNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
  private static final AsciiString SCHEME = AsciiString.of("http");

  @Override
  public AsciiString scheme() {
    return SCHEME;
  }

  @Override
  public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
    return InternalProtocolNegotiators.waitUntilActiveHandler(
        new PeerCredentialsHandler(grpcHandler), grpcHandler.getNegotiationLogger());
  }

  @Override
  public void close() {}
}
