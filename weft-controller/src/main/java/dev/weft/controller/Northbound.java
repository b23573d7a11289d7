package dev.weft.controller;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.policy.Decision;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The northbound JSON API's transports: HTTPS with mutual TLS (callers authorized by the policy)
 * and a local unix socket (mode 0600, callers of this process's uid only). Both bound the request
 * head, the body, the time a request may take to arrive, and the number of open connections.
 */
final class Northbound implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Northbound.class);

  private final Api api;
  private final ControllerPolicy policy;
  private final ControllerConfig.Limits limits;
  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final AtomicInteger open = new AtomicInteger();
  private final List<Channel> listeners = new ArrayList<>();
  private final int uid;
  private Path socket;

  private Northbound(Api api, ControllerPolicy policy, ControllerConfig.Limits limits)
      throws IOException {
    this.api = api;
    this.policy = policy;
    this.limits = limits;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.workers =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "weft-controller-api");
              t.setDaemon(true);
              return t;
            });
    this.uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  static Northbound start(
      Api api,
      ControllerPolicy policy,
      ControllerConfig.Limits limits,
      IdentitySource identity,
      Clock clock,
      InetSocketAddress tcp,
      Path socket)
      throws IOException, InterruptedException {
    Northbound n = new Northbound(api, policy, limits);
    try {
      if (tcp != null) {
        SslContext ssl =
            SslContextBuilder.forServer(SpiffeTls.keyManager(identity))
                .trustManager(SpiffeTls.trustManager(identity, PeerAuthorizer.any(), clock))
                .clientAuth(ClientAuth.REQUIRE)
                .protocols("TLSv1.3")
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .build();
        n.listeners.add(
            new ServerBootstrap()
                .group(n.group)
                .channel(
                    Epoll.isAvailable()
                        ? EpollServerSocketChannel.class
                        : NioServerSocketChannel.class)
                .childHandler(n.initializer(ssl))
                .bind(new InetSocketAddress(tcp.getHostString(), tcp.getPort()))
                .sync()
                .channel());
      }
      if (socket != null) {
        if (!Epoll.isAvailable()) {
          throw new IOException(
              "northbound.socket: unix sockets need Linux epoll, which did not load");
        }
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        n.listeners.add(
            new ServerBootstrap()
                .group(n.group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(n.initializer(null))
                .bind(new DomainSocketAddress(socket.toFile()))
                .sync()
                .channel());
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        n.socket = socket;
      }
      return n;
    } catch (IOException | InterruptedException | RuntimeException e) {
      n.close();
      throw e;
    }
  }

  /** The HTTPS listener's address, if there is one. */
  InetSocketAddress address() {
    for (Channel c : listeners) {
      if (c.localAddress() instanceof InetSocketAddress inet) {
        return inet;
      }
    }
    return null;
  }

  private ChannelInitializer<Channel> initializer(SslContext ssl) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        if (open.incrementAndGet() > limits.maxConnections()) {
          open.decrementAndGet();
          LOG.debug(
              "API connection refused: {} open (limits.max_connections)", limits.maxConnections());
          ch.close();
          return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
          SslHandler tls = ssl.newHandler(ch.alloc());
          tls.setHandshakeTimeout(10, TimeUnit.SECONDS);
          p.addLast(tls);
        }
        long timeout = limits.requestTimeout().toMillis();
        p.addLast(new IdleStateHandler(0, 0, timeout, TimeUnit.MILLISECONDS));
        p.addLast(new HttpServerCodec(4096, limits.maxHeaderBytes(), 8192));
        p.addLast(new HttpServerKeepAliveHandler());
        p.addLast(new HttpObjectAggregator(limits.maxRequestBytes()));
        p.addLast(new Handler(ssl != null));
      }
    };
  }

  /** Checks the caller, then runs the request on a worker (the loop may take a moment). */
  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final boolean tls;

    Handler(boolean tls) {
      this.tls = tls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (!request.decoderResult().isSuccess()) {
        respond(
            ctx,
            Api.error(400, "request: malformed HTTP (" + request.decoderResult().cause() + ")"),
            false);
        return;
      }
      String method = request.method().name();
      String uri = request.uri();
      boolean keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(request);
      if (tls) {
        SpiffeId peer;
        try {
          peer = SpiffeTls.peerId(ctx.pipeline().get(SslHandler.class).engine().getSession());
        } catch (SSLPeerUnverifiedException e) {
          respond(ctx, Api.error(401, "caller: no verified SPIFFE ID"), false);
          return;
        }
        String path = uri.indexOf('?') < 0 ? uri : uri.substring(0, uri.indexOf('?'));
        Decision decision =
            policy.api(peer, method, path.length() > 256 ? path.substring(0, 256) : path);
        if (!decision.allowed()) {
          respond(
              ctx,
              Api.error(
                  403,
                  peer + " may not " + method + " " + Shown.of(path) + ": " + decision.reason()),
              keepAlive);
          return;
        }
      } else if (ctx.channel() instanceof EpollDomainSocketChannel uds) {
        int caller;
        try {
          caller = uds.peerCredentials().uid();
        } catch (IOException e) {
          respond(ctx, Api.error(401, "caller: no peer credentials"), false);
          return;
        }
        if (caller != uid) {
          respond(
              ctx,
              Api.error(
                  403, "caller: uid " + caller + " (expected: uid " + uid + ", the controller's)"),
              false);
          return;
        }
      }
      byte[] body = ByteBufUtil.getBytes(request.content());
      try {
        workers.execute(() -> respond(ctx, api.handle(method, uri, body), keepAlive));
      } catch (RejectedExecutionException e) {
        respond(ctx, Api.error(503, "the controller is stopping"), false);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
        return;
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("API connection closed: {}", cause.toString());
      ctx.close();
    }
  }

  private static void respond(ChannelHandlerContext ctx, Api.Response r, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(r.status()),
            Unpooled.wrappedBuffer(r.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    response.headers().set("X-Content-Type-Options", "nosniff");
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void close() {
    for (Channel c : listeners) {
      c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    workers.shutdownNow();
    if (socket != null) {
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        LOG.debug("could not remove {}: {}", socket, e.toString());
      }
    }
  }
}
