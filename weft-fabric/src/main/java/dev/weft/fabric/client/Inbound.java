package dev.weft.fabric.client;

import dev.weft.fabric.FabricException;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameDecoder;
import dev.weft.fabric.wire.FrameType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The inbound side of one channel of a {@link ClientConnection}; one per channel (each dial). */
final class Inbound extends SimpleChannelInboundHandler<Object> {

  private static final Logger LOG = LoggerFactory.getLogger(FabricClient.class);

  private final ClientConnection connection;

  Inbound(ClientConnection connection) {
    this.connection = connection;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FrameDecoder.DecodeFailure failure) {
      connection.tell(
          new FabricException(
              failure.code(), "fabric client: from the node: " + failure.message()));
      ctx.close();
      return;
    }
    Frame frame = (Frame) msg;
    switch (frame.type()) {
      case PUBLISH -> connection.deliver(frame);
      case ACK -> connection.acked(frame);
      case ERROR -> connection.error(frame);
      case PING -> ctx.writeAndFlush(Frame.control(FrameType.PONG, frame.id(), ""));
      default -> LOG.debug("fabric client: ignored {}", frame);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      connection.drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.lost(ctx.channel());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("fabric client: connection failed", cause);
    ctx.close();
  }
}
