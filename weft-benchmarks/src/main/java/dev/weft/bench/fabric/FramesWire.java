package dev.weft.bench.fabric;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Candidate 2: length-prefixed frames over TLS on Netty 4.2 (epoll and BoringSSL when available,
 * else NIO and the JDK's TLS), mutual TLS with SVIDs. A frame is a 4-byte length, a 1-byte type
 * ({@link #ONE_WAY} or {@link #ECHO}) and the body. Writes are coalesced: callers queue frames and
 * one task per event-loop turn encodes everything queued into one buffer and flushes it once; the
 * echo server flushes once per read batch.
 */
final class FramesWire implements AutoCloseable {
  static final byte ONE_WAY = 1;
  static final byte ECHO = 2;
  private static final int MAX_FRAME = 1 << 20;

  private final EventLoopGroup serverGroup;
  private final EventLoopGroup clientGroup;
  private final Channel server;
  private final Bootstrap client;
  private final AtomicLong received = new AtomicLong();

  FramesWire(IdentitySource serverIdentity, IdentitySource clientIdentity, SpiffeId serverId)
      throws IOException, InterruptedException {
    SslContext serverTls =
        SslContextBuilder.forServer(SpiffeTls.keyManager(serverIdentity))
            .trustManager(
                SpiffeTls.trustManager(serverIdentity, PeerAuthorizer.any(), Clock.systemUTC()))
            .clientAuth(ClientAuth.REQUIRE)
            .sslProvider(provider())
            .protocols("TLSv1.3")
            .build();
    SslContext clientTls =
        SslContextBuilder.forClient()
            .keyManager(SpiffeTls.keyManager(clientIdentity))
            .trustManager(
                SpiffeTls.trustManager(
                    clientIdentity, PeerAuthorizer.exactly(serverId), Clock.systemUTC()))
            .sslProvider(provider())
            .protocols("TLSv1.3")
            .build();
    serverGroup = new MultiThreadIoEventLoopGroup(1, ioHandler());
    clientGroup = new MultiThreadIoEventLoopGroup(1, ioHandler());
    server =
        new ServerBootstrap()
            .group(serverGroup)
            .channel(serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            serverTls.newHandler(ch.alloc()),
                            new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                            new ServerHandler());
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sync()
            .channel();
    client =
        new Bootstrap()
            .group(clientGroup)
            .channel(clientChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            clientTls.newHandler(ch.alloc()),
                            new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                            new ClientHandler());
                  }
                });
  }

  /** Which TLS and transport this candidate runs on, e.g. {@code epoll, OPENSSL}. */
  static String describe() {
    return (Epoll.isAvailable() ? "epoll" : "nio") + ", TLS by " + provider();
  }

  /** A new connection streaming one-way frames; the count is what the server has received. */
  Workloads.Stream oneWay() throws InterruptedException {
    Coalescer out = new Coalescer(connect());
    return new Workloads.Stream() {
      @Override
      public void publish(byte[] body) {
        out.send(ONE_WAY, body);
      }

      @Override
      public long received() {
        return received.get();
      }
    };
  }

  /** A new connection for ping-pong: each request waits for its echo. */
  Workloads.Requester echo() throws InterruptedException {
    Channel channel = connect();
    Semaphore replies = channel.pipeline().get(ClientHandler.class).replies;
    Coalescer out = new Coalescer(channel);
    return body -> {
      out.send(ECHO, body);
      if (!replies.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new IOException("frames echo: no reply within 10 s");
      }
    };
  }

  private Channel connect() throws InterruptedException {
    return client.connect(server.localAddress()).sync().channel();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static SslProvider provider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  private static IoHandlerFactory ioHandler() {
    return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  private static Class<? extends ServerSocketChannel> serverChannel() {
    return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  private static Class<? extends SocketChannel> clientChannel() {
    return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /**
   * Write coalescing: frames queued by any thread; the first queued after a drain schedules one
   * task on the channel's event loop, which encodes all queued frames into one buffer and flushes.
   */
  private static final class Coalescer {
    private final Channel channel;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private record Pending(byte type, byte[] body) {}

    Coalescer(Channel channel) {
      this.channel = channel;
    }

    void send(byte type, byte[] body) {
      queue.add(new Pending(type, body));
      if (scheduled.compareAndSet(false, true)) {
        channel.eventLoop().execute(this::drain);
      }
    }

    private void drain() {
      scheduled.set(false);
      ByteBuf buffer = channel.alloc().directBuffer(16 * 1024);
      Pending next;
      while ((next = queue.poll()) != null) {
        buffer.writeInt(next.body().length + 1).writeByte(next.type()).writeBytes(next.body());
      }
      if (buffer.isReadable()) {
        channel.writeAndFlush(buffer, channel.voidPromise());
      } else {
        buffer.release();
      }
    }
  }

  private final class ServerHandler extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      byte type = frame.readByte();
      if (type == ONE_WAY) {
        received.incrementAndGet();
      } else if (type == ECHO) {
        ByteBuf reply = ctx.alloc().directBuffer(5 + frame.readableBytes());
        reply.writeInt(frame.readableBytes() + 1).writeByte(ECHO).writeBytes(frame);
        ctx.write(reply, ctx.voidPromise());
      } else {
        ctx.close(); // a bad frame: this benchmark's peers never send one
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }

  private static final class ClientHandler extends SimpleChannelInboundHandler<ByteBuf> {
    final Semaphore replies = new Semaphore(0);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      replies.release();
    }
  }
}
