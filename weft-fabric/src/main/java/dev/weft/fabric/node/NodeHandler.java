package dev.weft.fabric.node;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.Name;
import dev.weft.fabric.admin.NodeInfo;
import dev.weft.fabric.internal.Tls;
import dev.weft.fabric.policy.FabricAuthorization;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameDecoder;
import dev.weft.fabric.wire.FrameType;
import dev.weft.policy.Decision;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound side of one node connection: HELLO (client) or LINK_HELLO (link) first, then
 * subscribes, publishes and link frames. Runs on the connection's event loop.
 */
final class NodeHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final NodeRuntime node;
  private final Connection c;
  private final Links.Dialer dialer;

  NodeHandler(NodeRuntime node, Connection c, Links.Dialer dialer) {
    this.node = node;
    this.c = c;
    this.dialer = dialer;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long timeout = node.limits().handshakeTimeout().toMillis();
    ctx.executor()
        .schedule(
            () -> {
              if (!c.helloDone && ctx.channel().isActive()) {
                node.metrics().handshakeFailure();
                LOG.warn(
                    "fabric node {}: closing {} ({}): no HELLO within {} ms",
                    node.config.id(),
                    c,
                    c.remote,
                    timeout);
                ctx.close();
              }
            },
            timeout,
            TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent done) {
      if (!done.isSuccess()) {
        node.metrics().handshakeFailure();
        LOG.warn(
            "fabric node {}: TLS handshake with {} ({}) failed: {}",
            node.config.id(),
            c.remote,
            c.kind.label,
            done.cause() == null ? "?" : done.cause().getMessage());
        ctx.close();
        return;
      }
      try {
        c.peer = Tls.peerId(ctx.pipeline().get(SslHandler.class));
      } catch (SSLPeerUnverifiedException e) {
        node.metrics().handshakeFailure();
        LOG.warn(
            "fabric node {}: {} has no SPIFFE ID: {}", node.config.id(), c.remote, e.getMessage());
        ctx.close();
        return;
      }
      if (c.kind == Connection.Kind.LINK_OUT) {
        c.send(
            new Frame(
                FrameType.LINK_HELLO,
                0,
                0,
                0,
                node.selfHash,
                0,
                node.config.id(),
                "",
                selfMetadata(),
                new byte[0]));
      }
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FrameDecoder.DecodeFailure failure) {
      node.metrics().error(failure.code());
      LOG.warn(
          "fabric node {}: closing {} ({}): {}: {}",
          node.config.id(),
          c,
          c.remote,
          failure.code(),
          failure.message());
      c.state = "closing";
      c.discardQueue();
      ctx.writeAndFlush(Frame.error(0, 0, 0, "", failure.code(), failure.message()))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    Frame frame = (Frame) msg;
    c.received.increment();
    if (!c.helloDone) {
      first(ctx, frame);
      return;
    }
    switch (frame.type()) {
      case PUBLISH -> publish(frame);
      case SUBSCRIBE -> subscribe(frame);
      case UNSUBSCRIBE -> unsubscribe(frame);
      case LINK_SUBSCRIBE, LINK_UNSUBSCRIBE -> linkSubscription(ctx, frame);
      case ERROR -> error(frame);
      case PING -> c.send(Frame.control(FrameType.PONG, frame.id(), ""));
      case PONG, ACK -> {}
      default ->
          refuse(
              ctx,
              frame,
              ErrorCode.PROTOCOL,
              "frame type: " + frame.type() + " (expected: after HELLO, no second HELLO)");
    }
  }

  private void first(ChannelHandlerContext ctx, Frame frame) {
    switch (frame.type()) {
      case HELLO -> hello(ctx, frame);
      case LINK_HELLO -> linkHello(ctx, frame);
      case ACK -> {
        if (c.kind == Connection.Kind.LINK_OUT) {
          linkAccepted(frame);
        } else {
          refuse(ctx, frame, ErrorCode.PROTOCOL, "frame type: ACK (expected: HELLO first)");
        }
      }
      case ERROR -> {
        LOG.warn(
            "fabric node {}: link to {} refused: {}: {}",
            node.config.id(),
            c.peer,
            safeCode(frame),
            frame.errorMessage());
        ctx.close();
      }
      default ->
          refuse(
              ctx,
              frame,
              ErrorCode.PROTOCOL,
              "frame type: " + frame.type() + " (expected: HELLO first)");
    }
  }

  private void hello(ChannelHandlerContext ctx, Frame frame) {
    if (c.kind != Connection.Kind.CLIENT || c.peer == null) {
      refuse(ctx, frame, ErrorCode.PROTOCOL, "frame type: HELLO (expected: from a client)");
      return;
    }
    Name instance;
    try {
      instance = Name.parse(frame.name());
    } catch (IllegalArgumentException e) {
      refuse(ctx, frame, ErrorCode.BAD_NAME, e.getMessage());
      return;
    }
    if (!instance.isInstance()) {
      refuse(
          ctx,
          frame,
          ErrorCode.BAD_NAME,
          "name: \""
              + instance
              + "\" (expected: the client's instance name org/namespace/service/id)");
      return;
    }
    Decision decision = decide(FabricAuthorization.SUBSCRIBE, instance);
    if (!decision.allowed()) {
      node.metrics().denied(true);
      refuse(ctx, frame, ErrorCode.DENIED, decision.reason());
      return;
    }
    c.instance = instance;
    c.helloDone = true;
    c.state = "open";
    node.router().hello(c, instance);
    c.send(ack(frame.id(), selfMetadata()));
  }

  private void linkHello(ChannelHandlerContext ctx, Frame frame) {
    if (c.kind != Connection.Kind.CLIENT || c.peer == null) {
      refuse(
          ctx,
          frame,
          ErrorCode.PROTOCOL,
          "frame type: LINK_HELLO (expected: first frame of " + "an incoming link)");
      return;
    }
    if (!node.mayLink(c.peer)) {
      refuse(
          ctx,
          frame,
          ErrorCode.DENIED,
          "link: "
              + c.peer
              + " (expected: a SPIFFE ID in link_peers, a route's peer or a controller's link)");
      return;
    }
    c.kind = Connection.Kind.LINK_IN;
    c.linkNode = frame.name();
    c.linkNodeHash = NodeRuntime.hash(frame.name());
    c.linkInfo = peerInfo(frame.name(), frame.metadata());
    c.helloDone = true;
    c.state = "open";
    c.send(ack(frame.id(), selfMetadata()));
    node.router().linkUp(c);
    LOG.info("fabric node {}: link in from {} ({})", node.config.id(), c.linkNode, c.peer);
  }

  private void linkAccepted(Frame frame) {
    String peerNode = frame.metadata().getOrDefault("node_id", "");
    c.linkNode = peerNode;
    c.linkNodeHash = NodeRuntime.hash(peerNode);
    c.linkInfo = peerInfo(peerNode, frame.metadata());
    c.helloDone = true;
    c.state = "open";
    node.router().linkUp(c);
    dialer.up(c);
  }

  private void subscribe(Frame frame) {
    if (c.isLink()) {
      c.send(
          Frame.error(
              frame,
              ErrorCode.PROTOCOL,
              "frame type: SUBSCRIBE (expected: from a " + "client; links send LINK_SUBSCRIBE)"));
      node.metrics().error(ErrorCode.PROTOCOL);
      return;
    }
    Name name = parse(frame);
    if (name == null) {
      return;
    }
    Decision decision = decide(FabricAuthorization.SUBSCRIBE, name);
    if (!decision.allowed()) {
      node.metrics().denied(true);
      fail(frame, ErrorCode.DENIED, decision.reason());
      return;
    }
    Router.Failure failure = node.router().subscribe(c, name);
    if (failure != null) {
      fail(frame, failure.code(), failure.message());
      return;
    }
    c.send(ack(frame.id(), Map.of()));
  }

  private void unsubscribe(Frame frame) {
    Name name = parse(frame);
    if (name == null) {
      return;
    }
    node.router().unsubscribe(c, name);
    c.send(ack(frame.id(), Map.of()));
  }

  private void publish(Frame frame) {
    node.metrics().in();
    Name name = parse(frame);
    if (name == null) {
      return;
    }
    Frame routed;
    if (c.kind == Connection.Kind.CLIENT) {
      Decision decision = decide(FabricAuthorization.PUBLISH, name);
      if (!decision.allowed()) {
        node.metrics().denied(false);
        fail(frame, ErrorCode.DENIED, decision.reason());
        return;
      }
      if (frame.ttl() == 0) {
        fail(frame, ErrorCode.TTL_EXPIRED, "ttl: 0 (expected: 1-255)");
        return;
      }
      // The source is always the publisher's own instance name: a client cannot have replies
      // sent to another's name.
      routed =
          new Frame(
              frame.type(),
              frame.flags(),
              frame.ttl(),
              frame.id(),
              node.selfHash,
              c.id,
              frame.name(),
              c.instance.toString(),
              frame.metadata(),
              frame.payload());
    } else {
      if (frame.origin() == node.selfHash) {
        node.metrics().droppedLoop();
        Connection publisher = node.connection(frame.connection());
        String why = "loop: the message came back to its origin node " + node.config.id();
        LOG.debug("fabric node {}: {}", node.config.id(), why);
        if (publisher != null) {
          node.metrics().error(ErrorCode.TTL_EXPIRED);
          publisher.send(Frame.error(frame.id(), 0, 0, frame.name(), ErrorCode.TTL_EXPIRED, why));
        }
        return;
      }
      if (frame.ttl() == 0) {
        fail(frame, ErrorCode.TTL_EXPIRED, "ttl: 0 (expected: 1-255)");
        return;
      }
      routed = frame;
    }
    Router.Failure failure = node.router().route(c, routed, name);
    if (failure != null) {
      node.metrics().error(failure.code());
      c.send(
          Frame.error(
              c.kind == Connection.Kind.CLIENT ? frame : routed,
              failure.code(),
              failure.message()));
    }
  }

  private void linkSubscription(ChannelHandlerContext ctx, Frame frame) {
    if (!c.isLink()) {
      refuse(
          ctx,
          frame,
          ErrorCode.PROTOCOL,
          "frame type: " + frame.type() + " (expected: from a link)");
      return;
    }
    Name name;
    try {
      name = Name.parse(frame.name());
    } catch (IllegalArgumentException e) {
      node.metrics().error(ErrorCode.BAD_NAME);
      LOG.debug("fabric node {}: bad name from link {}: {}", node.config.id(), c, e.getMessage());
      return;
    }
    if (frame.type() == FrameType.LINK_SUBSCRIBE) {
      node.router().learn(c, name);
    } else {
      node.router().unlearn(c, name);
    }
  }

  private void error(Frame frame) {
    if (!c.isLink()) {
      LOG.debug(
          "fabric node {}: {} sent {}: {}",
          node.config.id(),
          c,
          safeCode(frame),
          frame.errorMessage());
      return;
    }
    if (frame.origin() == node.selfHash) {
      Connection publisher = node.connection(frame.connection());
      if (publisher != null
          && publisher.send(
              Frame.error(frame.id(), 0, 0, frame.name(), safeCode(frame), frame.errorMessage()))) {
        return;
      }
    } else {
      Connection toward = node.router().linkTo(frame.origin());
      if (toward != null && toward != c && toward.send(frame)) {
        return;
      }
    }
    node.metrics().droppedUnroutable();
  }

  private Decision decide(String action, Name name) {
    String revision = node.authorization.revision();
    // A name has no space, so a publish key (the name) never equals a "subscribe NAME" key.
    String key = FabricAuthorization.PUBLISH.equals(action) ? name.toString() : action + " " + name;
    Decision cached = c.cachedDecision(revision, key);
    if (cached != null) {
      return cached;
    }
    Decision decision = node.authorization.decide(c.peer, action, name);
    c.cacheDecision(key, decision);
    if (!decision.allowed()) {
      LOG.info(
          "fabric node {}: {} {} by {}: {}",
          node.config.id(),
          action,
          name,
          c.peer,
          decision.reason());
    }
    return decision;
  }

  private Name parse(Frame frame) {
    try {
      return c.name(frame.name());
    } catch (IllegalArgumentException e) {
      fail(frame, ErrorCode.BAD_NAME, e.getMessage());
      return null;
    }
  }

  private void fail(Frame frame, ErrorCode code, String message) {
    node.metrics().error(code);
    c.send(Frame.error(frame, code, message));
  }

  /** Sends an ERROR and closes the connection. */
  private void refuse(ChannelHandlerContext ctx, Frame frame, ErrorCode code, String message) {
    node.metrics().error(code);
    LOG.warn(
        "fabric node {}: closing {} ({}): {}: {}", node.config.id(), c, c.remote, code, message);
    c.state = "closing";
    c.writeBatch();
    ctx.writeAndFlush(Frame.error(frame, code, message)).addListener(ChannelFutureListener.CLOSE);
  }

  private Frame ack(long id, Map<String, String> metadata) {
    return new Frame(FrameType.ACK, 0, 0, id, 0, 0, "", "", metadata, new byte[0]);
  }

  private Map<String, String> selfMetadata() {
    NodeInfo info = node.info();
    return Map.of(
        "node_id",
        info.id(),
        "domain",
        info.domain(),
        "trust_domain",
        info.trustDomain(),
        "spiffe_id",
        info.spiffeId(),
        "local_endpoint",
        info.localEndpoint(),
        "external_endpoint",
        info.externalEndpoint(),
        "max_message_bytes",
        Integer.toString(node.limits().maxMessageBytes()));
  }

  private NodeInfo peerInfo(String id, Map<String, String> m) {
    return new NodeInfo(
        id,
        m.getOrDefault("domain", ""),
        c.peer.trustDomain().name(),
        c.peer.toString(),
        m.getOrDefault("local_endpoint", ""),
        m.getOrDefault("external_endpoint", ""));
  }

  private static ErrorCode safeCode(Frame frame) {
    try {
      return frame.errorCode();
    } catch (RuntimeException e) {
      return ErrorCode.PROTOCOL;
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      c.drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    c.state = "closed";
    node.unregister(c);
    if (dialer != null) {
      dialer.down(c);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("fabric node {}: {} failed", node.config.id(), c, cause);
    ctx.close();
  }
}
