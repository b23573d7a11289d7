package dev.weft.trust.uds;

import io.grpc.Attributes;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.ProtocolNegotiationEvent;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the peer credentials of an active unix socket connection when gRPC's protocol negotiation
 * event reaches it, adds them to the event's attributes and replaces itself with gRPC's own
 * negotiation handler. If they cannot be read the event goes on without them, and {@link
 * PeerCredentialsInterceptor} refuses every call on that connection. Runs on the connection's event
 * loop.
 */
final class PeerCredentialsHandler extends ChannelInboundHandlerAdapter {
  /** The transport attribute holding the caller's {@link PeerCredentials}. */
  static final Attributes.Key<PeerCredentials> ATTRIBUTE =
      Attributes.Key.create("weft-peer-credentials");

  private static final Logger log = LoggerFactory.getLogger(PeerCredentialsHandler.class);
  private static final java.nio.file.Path PROC = java.nio.file.Path.of("/proc");

  private final GrpcHttp2ConnectionHandler grpcHandler;

  PeerCredentialsHandler(GrpcHttp2ConnectionHandler grpcHandler) {
    this.grpcHandler = grpcHandler;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (!(event instanceof ProtocolNegotiationEvent negotiation)) {
      super.userEventTriggered(ctx, event);
      return;
    }
    Attributes.Builder attributes =
        InternalProtocolNegotiationEvent.getAttributes(negotiation).toBuilder();
    PeerCredentials credentials = read(ctx);
    if (credentials != null) {
      attributes.set(ATTRIBUTE, credentials);
    }
    ProtocolNegotiationEvent next =
        InternalProtocolNegotiationEvent.withAttributes(negotiation, attributes.build());
    ctx.pipeline()
        .replace(ctx.name(), null, InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler));
    ctx.fireUserEventTriggered(next);
  }

  private static PeerCredentials read(ChannelHandlerContext ctx) {
    if (!(ctx.channel() instanceof EpollDomainSocketChannel channel)) {
      log.warn(
          "unix socket: connection on {} is not an epoll domain socket; its calls will be "
              + "refused",
          ctx.channel().getClass().getName());
      return null;
    }
    try {
      var raw = channel.peerCredentials();
      // Read at once, before the peer can exec or exit: attestation compares the process with this.
      return new PeerCredentials(
          raw.pid(),
          raw.uid(),
          Arrays.stream(raw.gids()).boxed().toList(),
          ProcessAtConnect.read(PROC, raw.pid()));
    } catch (IOException | RuntimeException e) {
      log.warn(
          "unix socket {}: peer credentials cannot be read ({}); its calls will be refused",
          channel.localAddress(),
          e.toString());
      return null;
    }
  }
}
