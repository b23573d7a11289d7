package dev.weft.fabric.node;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.Name;
import dev.weft.fabric.admin.ConnectionInfo;
import dev.weft.fabric.admin.NodeInfo;
import dev.weft.fabric.admin.RouteInfo;
import dev.weft.fabric.internal.Tls;
import dev.weft.fabric.internal.Transport;
import dev.weft.fabric.policy.FabricAuthorization;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameDecoder;
import dev.weft.fabric.wire.FrameEncoder;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running parts of a {@link Node}: server, connections, router, links, metrics. */
final class NodeRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  /** Netty's write buffer water marks for every connection. */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 << 10, 512 << 10);

  final NodeConfig config;
  final IdentitySource identity;
  final Clock clock;
  final SpiffeId selfId;
  final int selfHash;
  final FabricAuthorization authorization;
  final Set<SpiffeId> allowedLinkPeers;

  /** SPIFFE IDs the controller told this node to admit links from; replaced as a whole. */
  volatile Set<SpiffeId> controllerLinkPeers = Set.of();

  /** The control channel, when a controller is configured; else null. */
  final ControlChannel control;

  private final Router router;
  private final NodeMetrics metrics;
  private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<Route> routes;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Links links;
  private Channel server;
  private volatile boolean closing;

  NodeRuntime(
      NodeConfig config,
      IdentitySource identity,
      Clock clock,
      FabricAuthorization authorization,
      int ioThreads) {
    this.config = config;
    this.identity = identity;
    this.clock = clock;
    this.selfId = identity.current().svid().id();
    this.selfHash = hash(config.id());
    this.authorization = authorization;
    Set<SpiffeId> peers = new HashSet<>(config.linkPeers());
    config.routes().forEach(r -> peers.add(r.peer()));
    this.allowedLinkPeers = Set.copyOf(peers);
    this.control = config.controller().map(c -> new ControlChannel(this, c)).orElse(null);
    this.router = new Router(this);
    this.metrics =
        new NodeMetrics(
            this::queueDepth,
            () -> router.links().size(),
            router::subscriptions,
            connections::size);
    List<Route> sorted = new ArrayList<>(config.routes());
    sorted.sort(Comparator.comparingInt(Route::length).reversed());
    this.routes = List.copyOf(sorted);
    this.boss = Transport.group(1, "weft-fabric-accept");
    this.workers = Transport.group(ioThreads, "weft-fabric-io");
    this.links = new Links(this, workers);
  }

  /** The id hash carried in frames' origin field: CRC-32 of the node id, never 0. */
  static int hash(String nodeId) {
    CRC32 crc = new CRC32();
    crc.update(nodeId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    int h = (int) crc.getValue();
    return h == 0 ? 1 : h;
  }

  /** Checks a node id from the controller: 1-63 characters of {@code [A-Za-z0-9._-]}. */
  static String checkLinkNode(String nodeId) {
    return NodeConfigReader.checkId("node_id", nodeId);
  }

  void start() throws SSLException, InterruptedException {
    SslContext ssl = Tls.server(identity, PeerAuthorizer.any(), clock);
    int maxFrame = config.limits().maxMessageBytes();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(Transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (closing || connections.size() >= config.limits().maxConnections()) {
                      metrics.rejectedConnection();
                      LOG.warn(
                          "fabric node {}: refused a connection from {}: {}",
                          config.id(),
                          ch.remoteAddress(),
                          closing
                              ? "shutting down"
                              : "limits.max_connections " + config.limits().maxConnections());
                      ch.close();
                      return;
                    }
                    SslHandler tls = ssl.newHandler(ch.alloc());
                    tls.setHandshakeTimeoutMillis(config.limits().handshakeTimeout().toMillis());
                    Connection c = register(ch, Connection.Kind.CLIENT);
                    ch.pipeline()
                        .addLast("tls", tls)
                        .addLast("decoder", new FrameDecoder(maxFrame))
                        .addLast("encoder", FrameEncoder.INSTANCE)
                        .addLast("node", new NodeHandler(NodeRuntime.this, c, null));
                  }
                });
    InetSocketAddress local = config.localEndpoint();
    server =
        bootstrap
            .bind(new InetSocketAddress(local.getHostString(), local.getPort()))
            .sync()
            .channel();
    links.start(routes);
    if (control != null) {
      control.start();
    }
    LOG.info(
        "fabric node {} (domain {}, {}) listening on {} ({} transport, {} TLS)",
        config.id(),
        config.domain(),
        selfId,
        server.localAddress(),
        Transport.name(),
        Tls.provider());
  }

  Connection register(Channel ch, Connection.Kind kind) {
    Connection c = new Connection(ids.incrementAndGet(), ch, kind, this);
    connections.put(c.id, c);
    return c;
  }

  void unregister(Connection c) {
    connections.remove(c.id);
    router.remove(c);
    c.discardQueue();
  }

  /**
   * Whether {@code peer} may link in: {@code link_peers}, a static route's peer, or the
   * controller's.
   */
  boolean mayLink(SpiffeId peer) {
    return allowedLinkPeers.contains(peer) || controllerLinkPeers.contains(peer);
  }

  Links links() {
    return links;
  }

  /** Open connections (for the controller's link removal). */
  List<Connection> openConnections() {
    return new ArrayList<>(connections.values());
  }

  InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  Limits limits() {
    return config.limits();
  }

  Router router() {
    return router;
  }

  NodeMetrics metrics() {
    return metrics;
  }

  Connection connection(int id) {
    return connections.get(id);
  }

  /** The open links of the static routes that match {@code name}, longest prefix first. */
  List<Connection> routesFor(Name name) {
    String text = name.toString();
    List<Connection> out = null;
    for (Route route : routes) {
      if (route.matches(text)) {
        Connection link = links.current(route);
        if (link != null && link.isOpen()) {
          if (out == null) {
            out = new ArrayList<>(2);
          }
          if (!out.contains(link)) {
            out.add(link);
          }
        }
      }
    }
    return out == null ? List.of() : out;
  }

  /** Applies the slow-consumer policy to {@code c}, whose queue is full. */
  void slowConsumer(Connection c) {
    metrics.droppedSlow();
    if (config.slowConsumer() == SlowConsumerPolicy.DISCONNECT) {
      disconnectSlow(c);
    }
  }

  /** Sends {@code c} an ERROR SLOW_CONSUMER and closes it (once). */
  private void disconnectSlow(Connection c) {
    if (c.firstSlow()) {
      metrics.slowDisconnect();
      metrics.error(ErrorCode.SLOW_CONSUMER);
      LOG.warn(
          "fabric node {}: closing {} ({}): its outbound queue is full "
              + "(slow_consumer: disconnect)",
          config.id(),
          c,
          c.remote);
      c.state = "closing";
      c.channel
          .eventLoop()
          .execute(
              () -> {
                c.discardQueue();
                c.channel
                    .writeAndFlush(
                        Frame.error(
                            0,
                            0,
                            0,
                            "",
                            ErrorCode.SLOW_CONSUMER,
                            "outbound queue full (limits.queue_messages "
                                + config.limits().queueMessages()
                                + ", limits.queue_bytes "
                                + config.limits().queueBytes()
                                + "); disconnecting"))
                    .addListener(ChannelFutureListener.CLOSE);
                c.channel
                    .eventLoop()
                    .schedule(
                        () -> {
                          c.channel.close();
                        },
                        1,
                        TimeUnit.SECONDS);
              });
    }
  }

  /** {@code c}'s queue stayed over half full for {@link Connection#STALL}. */
  void stalled(Connection c) {
    LOG.warn(
        "fabric node {}: {} ({}) has not drained its queue for {} s",
        config.id(),
        c,
        c.remote,
        Connection.STALL.toSeconds());
    if (config.slowConsumer() == SlowConsumerPolicy.DISCONNECT) {
      disconnectSlow(c);
    }
  }

  NodeInfo info() {
    NodeInfo self =
        new NodeInfo(
            config.id(),
            config.domain(),
            selfId.trustDomain().name(),
            selfId.toString(),
            server == null
                ? dev.weft.fabric.internal.HostPorts.format(config.localEndpoint())
                : hostPort(localAddress()),
            config.externalEndpoint());
    return control == null ? self : self.withController(control.info());
  }

  List<NodeInfo> nodes() {
    List<NodeInfo> out = new ArrayList<>();
    out.add(info());
    Set<String> seen = new HashSet<>();
    seen.add(config.id());
    for (Connection link : router.links()) {
      NodeInfo peer = link.linkInfo;
      if (peer != null && seen.add(peer.id())) {
        out.add(peer);
      }
    }
    return out;
  }

  List<RouteInfo> routeTable() {
    List<RouteInfo> out = new ArrayList<>();
    for (Route route : config.routes()) {
      Connection link = links.current(route);
      out.add(
          new RouteInfo(
              route.prefix(),
              link == null || !link.isOpen() ? "" : Integer.toString(link.id),
              route.peer().toString(),
              "link",
              "static"));
    }
    Map<Name, Router.Hops> installed = new java.util.TreeMap<>(router.controllerRoutes());
    installed.forEach(
        (name, hops) -> {
          for (String nodeId : hops.nodes) {
            Connection link = router.linkToNode(nodeId);
            out.add(
                new RouteInfo(
                    name.toString(),
                    link == null ? "-" : Integer.toString(link.id),
                    link == null || link.peer == null ? "" : link.peer.toString(),
                    "link",
                    "controller"));
          }
        });
    out.addAll(router.table());
    return out;
  }

  List<ConnectionInfo> connectionTable() {
    List<ConnectionInfo> out = new ArrayList<>();
    connections.values().stream()
        .sorted(Comparator.comparingInt(c -> c.id))
        .forEach(
            c ->
                out.add(
                    new ConnectionInfo(
                        Integer.toString(c.id),
                        c.kind.label,
                        c.remote,
                        c.peer == null ? "" : c.peer.toString(),
                        c.channel.isActive() ? c.state : "closed",
                        c.queued(),
                        c.sent.sum(),
                        c.received.sum(),
                        c.dropped.sum())));
    out.addAll(links.down());
    return out;
  }

  private long queueDepth() {
    long sum = 0;
    for (Connection c : connections.values()) {
      sum += c.queued();
    }
    return sum;
  }

  void close() {
    closing = true;
    if (control != null) {
      control.close();
    }
    links.close();
    if (server != null) {
      server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    for (Connection c : connections.values()) {
      c.channel.close();
    }
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    metrics.close();
  }

  static String hostPort(InetSocketAddress address) {
    return address.getAddress() == null
        ? dev.weft.fabric.internal.HostPorts.format(address)
        : (address.getAddress() instanceof java.net.Inet6Address
                ? "[" + address.getAddress().getHostAddress() + "]"
                : address.getAddress().getHostAddress())
            + ":"
            + address.getPort();
  }
}
