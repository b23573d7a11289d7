package dev.weft.fabric.client;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.internal.Tls;
import dev.weft.fabric.internal.Transport;
import dev.weft.fabric.wire.Flags;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameBatch;
import dev.weft.fabric.wire.FrameDecoder;
import dev.weft.fabric.wire.FrameEncoder;
import dev.weft.fabric.wire.FrameType;
import dev.weft.identity.spiffeid.SpiffeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection behind a {@link FabricClient}: one channel, its pending answers and handlers. */
final class ClientConnection {

  private static final Logger LOG = LoggerFactory.getLogger(FabricClient.class);

  /** Frames queued by the application before publishing waits. */
  static final int MAX_PENDING = 8192;

  private final EventLoopGroup group;
  private final Channel channel;
  private final Name instance;
  private final Duration sendTimeout;
  private final Consumer<FabricException> onError;
  private final AtomicLong ids = new AtomicLong(ThreadLocalRandom.current().nextInt() & 0xffffL);
  private final Map<Long, CompletableFuture<Frame>> acks = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<Message>> requests = new ConcurrentHashMap<>();
  private final Map<Name, List<Sub>> handlers = new ConcurrentHashMap<>();

  /** Parsed names of received frames; touched on the I/O thread only. */
  private final Map<String, Name> names = new java.util.HashMap<>();

  private final Queue<Frame> outbound = PlatformDependent.newMpscQueue();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Object writable = new Object();

  /** Frames encoded by the drain, not yet written; I/O thread only. */
  private final FrameBatch batch;

  private volatile boolean waiting;
  private volatile SpiffeId nodePeer;
  private volatile String nodeName = "";

  private ClientConnection(
      EventLoopGroup group, Channel channel, Name instance, FabricClient.Builder b) {
    this.group = group;
    this.channel = channel;
    this.instance = instance;
    this.sendTimeout = b.sendTimeout;
    this.onError = b.onError;
    this.batch = new FrameBatch(channel);
  }

  static ClientConnection open(FabricClient.Builder b) throws FabricException {
    Name instance =
        b.instance().orElseGet(() -> InstanceNames.forIdentity(b.identity.current().svid().id()));
    SslContext ssl;
    try {
      ssl = Tls.client(b.identity, b.nodeAuthorizer, b.clock);
    } catch (SSLException | RuntimeException e) {
      throw new FabricException(
          ErrorCode.UNAVAILABLE, "fabric client: TLS set-up failed: " + e.getMessage(), e);
    }
    EventLoopGroup group = Transport.group(1, "weft-fabric-client");
    ClientConnection[] self = new ClientConnection[1];
    InetSocketAddress node = b.node;
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(Transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) b.connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    SslHandler tls =
                        ssl.newHandler(ch.alloc(), node.getHostString(), node.getPort());
                    tls.setHandshakeTimeoutMillis(b.connectTimeout.toMillis());
                    ch.pipeline()
                        .addLast("tls", tls)
                        .addLast("decoder", new FrameDecoder(b.maxFrameBytes))
                        .addLast("encoder", FrameEncoder.INSTANCE)
                        .addLast("client", new Inbound(self));
                  }
                });
    try {
      ChannelFuture connected =
          bootstrap.connect(new InetSocketAddress(node.getHostString(), node.getPort()));
      if (!connected.await(b.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
          || !connected.isSuccess()) {
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "fabric client: cannot connect to "
                + node.getHostString()
                + ":"
                + node.getPort()
                + ": "
                + describe(connected.cause()),
            connected.cause());
      }
      Channel channel = connected.channel();
      ClientConnection connection = new ClientConnection(group, channel, instance, b);
      self[0] = connection;
      SslHandler tls = channel.pipeline().get(SslHandler.class);
      var handshake = tls.handshakeFuture();
      if (!handshake.await(b.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
          || !handshake.isSuccess()) {
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "fabric client: TLS handshake with "
                + node.getHostString()
                + ":"
                + node.getPort()
                + " failed: "
                + describe(handshake.cause()),
            handshake.cause());
      }
      connection.nodePeer = Tls.peerId(tls);
      Frame ack =
          connection.ask(
              Frame.control(FrameType.HELLO, connection.nextId(), instance.toString()),
              b.connectTimeout);
      connection.nodeName = ack.metadata().getOrDefault("node_id", "");
      return connection;
    } catch (FabricException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    } catch (SSLException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: interrupted", e);
    }
  }

  Name instanceName() {
    return instance;
  }

  SpiffeId nodePeerId() {
    return nodePeer;
  }

  String nodeName() {
    return nodeName;
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  boolean isOpen() {
    return channel.isActive();
  }

  Subscription subscribe(Name name, MessageHandler handler) throws FabricException {
    Sub sub = new Sub(name, handler);
    List<Sub> forName = handlers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
    forName.add(sub);
    if (name.isInstance()) {
      handlers.computeIfAbsent(name.service(), n -> new CopyOnWriteArrayList<>()).add(sub);
    }
    try {
      ask(Frame.control(FrameType.SUBSCRIBE, nextId(), name.toString()), sendTimeout);
    } catch (FabricException e) {
      remove(sub);
      throw e;
    }
    return sub;
  }

  void publish(Name name, int flags, byte[] payload, Map<String, String> metadata, long id)
      throws FabricException {
    Frame frame = Frame.publish(id, flags, name.toString(), instance.toString(), metadata, payload);
    send(frame);
  }

  CompletableFuture<Message> request(
      Name name, byte[] payload, Map<String, String> metadata, Duration timeout) {
    long id = nextId();
    CompletableFuture<Message> reply = new CompletableFuture<>();
    requests.put(id, reply);
    reply.whenComplete((m, e) -> requests.remove(id));
    group
        .next()
        .schedule(
            () ->
                reply.completeExceptionally(
                    new FabricException(
                        ErrorCode.UNAVAILABLE,
                        "request to " + name + ": no reply within " + timeout)),
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      send(
          Frame.publish(
              id, Flags.REQUEST, name.toString(), instance.toString(), metadata, payload));
    } catch (FabricException e) {
      reply.completeExceptionally(e);
    }
    return reply;
  }

  void flush() {
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
  }

  void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    failAll(new FabricException(ErrorCode.UNAVAILABLE, "fabric client: closed"));
  }

  /**
   * Queues {@code frame} for the drain task, which writes what the channel takes and flushes once
   * per event-loop turn. From an application thread, waits while {@value #MAX_PENDING} frames are
   * queued; on the I/O thread (a handler replying) it never waits.
   */
  private void send(Frame frame) throws FabricException {
    if (!channel.isActive()) {
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: connection closed");
    }
    if (pending.get() >= MAX_PENDING && !channel.eventLoop().inEventLoop()) {
      awaitRoom();
    }
    pending.incrementAndGet();
    outbound.offer(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
  }

  /**
   * Encodes queued frames into one batch (written every 16 KB) while the channel is writable, then
   * flushes once. I/O thread only.
   */
  private void drain() {
    drainScheduled.set(false);
    int written = 0;
    int taken = 0;
    while (channel.isWritable()) {
      Frame frame = outbound.poll();
      if (frame == null) {
        break;
      }
      taken++;
      try {
        batch.add(frame);
        written++;
      } catch (IllegalArgumentException e) {
        refused(frame, e.getMessage());
      }
    }
    batch.write();
    if (written > 0) {
      channel.flush();
    }
    if (taken > 0) {
      // once per drain, not per frame: publishers see the queue fuller than it is, never emptier
      pending.addAndGet(-taken);
    }
    if (waiting && pending.get() < MAX_PENDING) {
      synchronized (writable) {
        writable.notifyAll();
      }
    }
  }

  /** A queued frame that does not fit the wire: its caller hears of it, nothing is sent. */
  private void refused(Frame frame, String why) {
    FabricException failure =
        new FabricException(
            ErrorCode.TOO_LARGE,
            "fabric client: " + frame.type() + " " + frame.name() + ": " + why);
    CompletableFuture<Frame> ack = acks.remove(frame.id());
    CompletableFuture<Message> request = requests.remove(frame.id());
    if (ack != null) {
      ack.completeExceptionally(failure);
    } else if (request != null) {
      request.completeExceptionally(failure);
    } else {
      tell(failure);
    }
  }

  private void awaitRoom() throws FabricException {
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    synchronized (writable) {
      waiting = true;
      try {
        while (pending.get() >= MAX_PENDING) {
          if (!channel.isActive()) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: connection closed");
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new FabricException(
                ErrorCode.SLOW_CONSUMER,
                "fabric client: the node took no "
                    + "data for "
                    + sendTimeout
                    + " ("
                    + MAX_PENDING
                    + " frames queued)");
          }
          TimeUnit.NANOSECONDS.timedWait(writable, Math.min(left, 100_000_000L));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: interrupted", e);
      } finally {
        waiting = false;
      }
    }
  }

  /** Sends a control frame and waits for its ACK. */
  private Frame ask(Frame frame, Duration timeout) throws FabricException {
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    acks.put(frame.id(), answer);
    try {
      send(frame);
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FabricException f) {
        throw new FabricException(f.code(), f.getMessage(), f);
      }
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new FabricException(
          ErrorCode.UNAVAILABLE,
          "fabric client: no answer to " + frame.type() + " " + frame.name() + " within " + timeout,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: interrupted", e);
    } finally {
      acks.remove(frame.id());
    }
  }

  private void remove(Sub sub) {
    List<Sub> forName = handlers.get(sub.name);
    if (forName != null) {
      forName.remove(sub);
    }
    if (sub.name.isInstance()) {
      List<Sub> forService = handlers.get(sub.name.service());
      if (forService != null) {
        forService.remove(sub);
      }
    }
  }

  private void deliver(Frame frame) {
    Name name;
    Name source = null;
    try {
      name = name(frame.name());
      if (!frame.source().isEmpty()) {
        source = name(frame.source());
      }
    } catch (IllegalArgumentException e) {
      LOG.debug("fabric client: dropped a message with a bad name: {}", e.getMessage());
      return;
    }
    Message message =
        new Message(
            name,
            java.util.Optional.ofNullable(source),
            frame.id(),
            frame.has(Flags.REQUEST),
            frame.has(Flags.MULTICAST),
            frame.metadata(),
            frame.payload());
    if (frame.has(Flags.REPLY)) {
      CompletableFuture<Message> pending = requests.remove(frame.id());
      if (pending != null) {
        pending.complete(message);
      }
      return;
    }
    List<Sub> subs = handlers.get(name);
    if (subs == null || subs.isEmpty()) {
      LOG.debug("fabric client: no handler for {}", name);
      return;
    }
    for (Sub sub : subs) {
      try {
        sub.handler.onMessage(message);
      } catch (RuntimeException e) {
        LOG.warn("fabric client: the handler of {} failed", sub.name, e);
      }
    }
  }

  /** {@code text} parsed, from a bounded cache. I/O thread only. */
  private Name name(String text) {
    Name name = names.get(text);
    if (name == null) {
      name = Name.parse(text);
      if (names.size() >= 4096) {
        names.clear();
      }
      names.put(text, name);
    }
    return name;
  }

  private void error(Frame frame) {
    ErrorCode code;
    try {
      code = frame.errorCode();
    } catch (RuntimeException e) {
      code = ErrorCode.PROTOCOL;
    }
    FabricException failure = new FabricException(code, frame.errorMessage());
    CompletableFuture<Frame> ack = acks.remove(frame.id());
    if (ack != null) {
      ack.completeExceptionally(failure);
      return;
    }
    CompletableFuture<Message> request = requests.remove(frame.id());
    if (request != null) {
      request.completeExceptionally(failure);
      return;
    }
    LOG.debug("fabric client: {} {}: {}", code, frame.name(), frame.errorMessage());
    tell(failure);
  }

  private void tell(FabricException failure) {
    try {
      onError.accept(failure);
    } catch (RuntimeException e) {
      LOG.warn("fabric client: the error listener failed", e);
    }
  }

  private void failAll(FabricException failure) {
    acks.values().forEach(f -> f.completeExceptionally(failure));
    requests.values().forEach(f -> f.completeExceptionally(failure));
    synchronized (writable) {
      writable.notifyAll();
    }
  }

  private static String describe(Throwable t) {
    if (t == null) {
      return "timed out";
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** One subscription of this connection. */
  private final class Sub implements Subscription {
    final Name name;
    final MessageHandler handler;
    final AtomicBoolean closed = new AtomicBoolean();

    Sub(Name name, MessageHandler handler) {
      this.name = name;
      this.handler = handler;
    }

    @Override
    public Name name() {
      return name;
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      remove(this);
      List<Sub> left = handlers.get(name);
      if ((left == null || left.isEmpty()) && channel.isActive()) {
        try {
          ask(Frame.control(FrameType.UNSUBSCRIBE, nextId(), name.toString()), sendTimeout);
        } catch (FabricException e) {
          LOG.debug("fabric client: unsubscribe {} failed: {}", name, e.getMessage());
        }
      }
    }
  }

  /** The channel's inbound side; {@code self[0]} is set before any frame arrives. */
  private static final class Inbound extends SimpleChannelInboundHandler<Object> {
    private final ClientConnection[] self;

    Inbound(ClientConnection[] self) {
      this.self = self;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      ClientConnection c = self[0];
      if (c == null) {
        return;
      }
      if (msg instanceof FrameDecoder.DecodeFailure failure) {
        c.tell(
            new FabricException(
                failure.code(), "fabric client: from the node: " + failure.message()));
        ctx.close();
        return;
      }
      Frame frame = (Frame) msg;
      switch (frame.type()) {
        case PUBLISH -> c.deliver(frame);
        case ACK -> {
          CompletableFuture<Frame> ack = c.acks.remove(frame.id());
          if (ack != null) {
            ack.complete(frame);
          }
        }
        case ERROR -> c.error(frame);
        case PING -> ctx.writeAndFlush(Frame.control(FrameType.PONG, frame.id(), ""));
        default -> LOG.debug("fabric client: ignored {}", frame);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      ClientConnection c = self[0];
      if (c != null && ctx.channel().isWritable()) {
        c.drain();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ClientConnection c = self[0];
      if (c != null) {
        c.batch.discard();
        FabricException closed =
            new FabricException(
                ErrorCode.UNAVAILABLE, "fabric client: the node closed the connection");
        c.failAll(closed);
        c.tell(closed);
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("fabric client: connection failed", cause);
      ctx.close();
    }
  }
}
