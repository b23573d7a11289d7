package dev.weft.fabric.client;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.internal.Tls;
import dev.weft.fabric.internal.Transport;
import dev.weft.fabric.wire.FrameDecoder;
import dev.weft.fabric.wire.FrameEncoder;
import dev.weft.identity.spiffeid.SpiffeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Opens TLS connections to nodes for one client: connect, then the mutual-TLS handshake, in which
 * the node must prove a SPIFFE ID the builder's {@code expectNode} allows. Used for the first
 * connection and for every redial. Blocking: never call it on the client's I/O thread.
 */
final class Dialer {

  /** A connected, handshaken channel and the SPIFFE ID the node proved. */
  record Dialed(Channel channel, SpiffeId peer) {}

  private final SslContext ssl;
  private final Bootstrap base;
  private final Duration connectTimeout;
  private final int maxFrameBytes;

  Dialer(EventLoopGroup group, FabricClient.Builder b) throws FabricException {
    try {
      this.ssl = Tls.client(b.identity, b.nodeAuthorizer, b.clock);
    } catch (SSLException | RuntimeException e) {
      throw new FabricException(
          ErrorCode.UNAVAILABLE, "fabric client: TLS set-up failed: " + e.getMessage(), e);
    }
    this.connectTimeout = b.connectTimeout;
    this.maxFrameBytes = b.maxFrameBytes;
    this.base =
        new Bootstrap()
            .group(group)
            .channel(Transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) b.connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(256 << 10, 1 << 20));
  }

  /**
   * Connects to {@code node} and completes the handshake; {@code inbound} (made per channel) is the
   * last handler of the pipeline.
   *
   * @throws FabricException {@link ErrorCode#UNAVAILABLE} when the node cannot be reached, the
   *     handshake fails (an unexpected node ID too) or the client is closing
   */
  Dialed dial(InetSocketAddress node, Supplier<ChannelHandler> inbound) throws FabricException {
    String where = node.getHostString() + ":" + node.getPort();
    Bootstrap bootstrap =
        base.clone()
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    SslHandler tls =
                        ssl.newHandler(ch.alloc(), node.getHostString(), node.getPort());
                    tls.setHandshakeTimeoutMillis(connectTimeout.toMillis());
                    ch.pipeline()
                        .addLast("tls", tls)
                        .addLast("decoder", new FrameDecoder(maxFrameBytes))
                        .addLast("encoder", FrameEncoder.INSTANCE)
                        .addLast("client", inbound.get());
                  }
                });
    Channel channel = null;
    try {
      ChannelFuture connected =
          bootstrap.connect(new InetSocketAddress(node.getHostString(), node.getPort()));
      channel = connected.channel();
      if (!connected.await(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
          || !connected.isSuccess()) {
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "fabric client: cannot connect to " + where + ": " + describe(connected.cause()),
            connected.cause());
      }
      SslHandler tls = channel.pipeline().get(SslHandler.class);
      var handshake = tls.handshakeFuture();
      if (!handshake.await(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
          || !handshake.isSuccess()) {
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "fabric client: TLS handshake with "
                + where
                + " failed: "
                + describe(handshake.cause()),
            handshake.cause());
      }
      return new Dialed(channel, Tls.peerId(tls));
    } catch (FabricException e) {
      close(channel);
      throw e;
    } catch (SSLException e) {
      close(channel);
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(channel);
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: interrupted", e);
    } catch (RuntimeException e) {
      // the event loop is shutting down: the client is closing
      close(channel);
      throw new FabricException(
          ErrorCode.UNAVAILABLE, "fabric client: cannot connect to " + where + ": " + e, e);
    }
  }

  private static void close(Channel channel) {
    if (channel != null) {
      channel.close();
    }
  }

  static String describe(Throwable t) {
    if (t == null) {
      return "timed out";
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
