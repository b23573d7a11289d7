package dev.weft.fabric.node;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.fabric.admin.ConnectionInfo;
import dev.weft.fabric.internal.HostPorts;
import dev.weft.fabric.internal.Tls;
import dev.weft.fabric.internal.Transport;
import dev.weft.fabric.wire.FrameDecoder;
import dev.weft.fabric.wire.FrameEncoder;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links a node dials: one per distinct (endpoint, peer) of its static routes, and one per link
 * the controller tells it to dial (added and stopped at run time, by the other node's id). Each
 * checks that the other node proves exactly the expected SPIFFE ID, and is redialled after a
 * failure or a drop with exponential backoff from {@value #INITIAL_MILLIS} ms to {@value
 * #MAX_MILLIS} ms, each delay jittered down by up to half.
 */
final class Links {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  static final long INITIAL_MILLIS = 100;
  static final long MAX_MILLIS = 5_000;

  private final NodeRuntime node;
  private final EventLoopGroup group;
  private final Map<Route, Dialer> byRoute = new HashMap<>();

  @GuardedBy("this")
  private final Map<String, Dialer> dialers = new LinkedHashMap<>();

  /** The controller's links, by the other node's id. */
  @GuardedBy("this")
  private final Map<String, Dialer> byNode = new LinkedHashMap<>();

  private volatile boolean closed;

  Links(NodeRuntime node, EventLoopGroup group) {
    this.node = node;
    this.group = group;
  }

  synchronized void start(List<Route> routes) throws SSLException {
    for (Route route : routes) {
      String key = HostPorts.format(route.endpoint()) + " " + route.peer();
      Dialer dialer = dialers.get(key);
      if (dialer == null) {
        dialer =
            new Dialer(
                null,
                route.endpoint(),
                route.peer(),
                Tls.client(node.identity, PeerAuthorizer.exactly(route.peer()), node.clock));
        dialers.put(key, dialer);
      }
      byRoute.put(route, dialer);
    }
    dialers.values().forEach(Dialer::dial);
  }

  /**
   * Dials the node {@code nodeId} at {@code endpoint} for the controller, and keeps redialling it
   * until {@link #stop(String)}. Replaces a dialer to that node id that was there.
   */
  synchronized void dial(String nodeId, InetSocketAddress endpoint, SpiffeId peer)
      throws SSLException {
    stop(nodeId);
    Dialer dialer =
        new Dialer(
            nodeId,
            endpoint,
            peer,
            Tls.client(node.identity, PeerAuthorizer.exactly(peer), node.clock));
    byNode.put(nodeId, dialer);
    dialer.dial();
  }

  /** Stops redialling the controller's link to {@code nodeId} and closes it (nothing if none). */
  synchronized void stop(String nodeId) {
    Dialer dialer = byNode.remove(nodeId);
    if (dialer != null) {
      dialer.stop();
    }
  }

  /** The open link of a route, or null. */
  Connection current(Route route) {
    Dialer dialer = byRoute.get(route);
    return dialer == null ? null : dialer.current;
  }

  /** Links waiting to be redialled, as connection rows. */
  synchronized List<ConnectionInfo> down() {
    List<ConnectionInfo> out = new ArrayList<>();
    List<Dialer> all = new ArrayList<>(dialers.values());
    all.addAll(byNode.values());
    for (Dialer d : all) {
      if (d.current == null) {
        out.add(
            new ConnectionInfo(
                "-",
                "link-out",
                HostPorts.format(d.endpoint),
                d.peer.toString(),
                "down",
                0,
                0,
                0,
                0));
      }
    }
    return out;
  }

  void close() {
    closed = true;
  }

  /** Dials one other node and keeps redialling it, until stopped. */
  final class Dialer {
    /** The other node's id for a controller's link; null for a static route's. */
    final String nodeId;

    final InetSocketAddress endpoint;
    final SpiffeId peer;
    private final SslContext ssl;
    volatile Connection current;
    private volatile boolean stopped;
    private int attempt;

    Dialer(String nodeId, InetSocketAddress endpoint, SpiffeId peer, SslContext ssl) {
      this.nodeId = nodeId;
      this.endpoint = endpoint;
      this.peer = peer;
      this.ssl = ssl;
    }

    void dial() {
      if (closed || stopped) {
        return;
      }
      Connection[] made = new Connection[1];
      Bootstrap bootstrap =
          new Bootstrap()
              .group(group)
              .channel(Transport.socketChannel())
              .option(
                  ChannelOption.CONNECT_TIMEOUT_MILLIS,
                  (int) node.limits().handshakeTimeout().toMillis())
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.WRITE_BUFFER_WATER_MARK, NodeRuntime.WATER_MARK)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      SslHandler tls =
                          ssl.newHandler(ch.alloc(), endpoint.getHostString(), endpoint.getPort());
                      tls.setHandshakeTimeoutMillis(node.limits().handshakeTimeout().toMillis());
                      Connection c = node.register(ch, Connection.Kind.LINK_OUT);
                      made[0] = c;
                      ch.pipeline()
                          .addLast("tls", tls)
                          .addLast("decoder", new FrameDecoder(node.limits().maxMessageBytes()))
                          .addLast("encoder", FrameEncoder.INSTANCE)
                          .addLast("node", new NodeHandler(node, c, Dialer.this));
                    }
                  });
      bootstrap
          .connect(new InetSocketAddress(endpoint.getHostString(), endpoint.getPort()))
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  if (made[0] != null) {
                    node.unregister(made[0]);
                  }
                  LOG.debug(
                      "fabric node {}: link to {} ({}) failed: {}",
                      node.config.id(),
                      HostPorts.format(endpoint),
                      peer,
                      f.cause() == null ? "?" : f.cause().getMessage());
                  redial();
                }
              });
    }

    /** The link is open (its HELLO was acknowledged). */
    void up(Connection c) {
      if (stopped) {
        c.channel.close();
        return;
      }
      if (nodeId != null && !nodeId.equals(c.linkNode)) {
        LOG.warn(
            "fabric node {}: the link to {} ({}) answered as node {} (expected: {})",
            node.config.id(),
            HostPorts.format(endpoint),
            peer,
            c.linkNode,
            nodeId);
      }
      current = c;
      attempt = 0;
      LOG.info(
          "fabric node {}: link up to {} ({}) at {}",
          node.config.id(),
          c.linkNode,
          peer,
          HostPorts.format(endpoint));
    }

    /** The link's connection closed. */
    void down(Connection c) {
      boolean wasUp = current == c;
      if (stopped) {
        return;
      }
      if (wasUp) {
        current = null;
        LOG.warn(
            "fabric node {}: link down to {} ({}); redialling", node.config.id(), c.linkNode, peer);
      }
      redial();
    }

    /** Stops redialling and closes the link. */
    void stop() {
      stopped = true;
      Connection c = current;
      current = null;
      if (c != null) {
        LOG.info(
            "fabric node {}: closing the link to {} ({}): the controller removed it",
            node.config.id(),
            c.linkNode,
            peer);
        c.channel.close();
      }
    }

    private void redial() {
      if (closed || stopped) {
        return;
      }
      long base = Math.min(MAX_MILLIS, INITIAL_MILLIS << Math.min(attempt, 16));
      attempt++;
      long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
      group.next().schedule(this::dial, delay, TimeUnit.MILLISECONDS);
    }
  }
}
