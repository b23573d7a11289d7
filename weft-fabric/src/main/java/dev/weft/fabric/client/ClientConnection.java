package dev.weft.fabric.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.internal.Transport;
import dev.weft.fabric.wire.Flags;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameBatch;
import dev.weft.fabric.wire.FrameType;
import dev.weft.identity.spiffeid.SpiffeId;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection behind a {@link FabricClient}: the channel to the node it is connected to now, its
 * pending answers and handlers. When the channel drops (not on {@link #close()}), a reconnect
 * thread redials the nodes in the builder's order with jittered exponential backoff, says HELLO
 * with the same instance name and subscribes again to every live subscription, and only then takes
 * application frames again (see {@link FabricClient}).
 */
final class ClientConnection {

  private static final Logger LOG = LoggerFactory.getLogger(FabricClient.class);

  /** One channel to a node, after its HELLO. */
  private record Link(
      Channel channel, FrameBatch batch, InetSocketAddress address, SpiffeId peer, String node) {
    String where() {
      return address.getHostString() + ":" + address.getPort();
    }
  }

  private final EventLoopGroup group;
  private final Dialer dialer;
  private final List<InetSocketAddress> nodes;
  private final Name instance;
  private final Duration connectTimeout;
  private final Duration sendTimeout;
  private final Duration backoffInitial;
  private final Duration backoffMax;
  private final boolean reconnect;
  private final Consumer<FabricException> onError;
  private final Runnable onReconnect;
  private final AtomicLong ids = new AtomicLong(ThreadLocalRandom.current().nextInt() & 0xffffL);
  private final Answers answers = new Answers();
  private final Handlers handlers = new Handlers();
  private final SendQueue queue;
  private final AtomicLong reconnects = new AtomicLong();

  /** Guards the connection's life: which link is current, reconnecting, closed. */
  private final Object state = new Object();

  /** The current (or last) link; written under {@link #state}. */
  private volatile Link link;

  /** Whether {@link #link} is open and has its subscriptions back; written under {@link #state}. */
  private volatile boolean ready;

  @GuardedBy("state")
  private boolean reconnecting;

  @GuardedBy("state")
  private boolean closed;

  private ClientConnection(
      EventLoopGroup group, Dialer dialer, Name instance, FabricClient.Builder b) {
    this.group = group;
    this.dialer = dialer;
    this.nodes = List.copyOf(b.nodes);
    this.instance = instance;
    this.connectTimeout = b.connectTimeout;
    this.sendTimeout = b.sendTimeout;
    this.backoffInitial = b.reconnectInitial;
    this.backoffMax = b.reconnectMax;
    this.reconnect = b.reconnect;
    this.onError = b.onError;
    this.onReconnect = b.onReconnect;
    this.queue = new SendQueue(b.sendTimeout, this::refused);
  }

  /** Connects to the first node of the builder's list that answers. */
  static ClientConnection open(FabricClient.Builder b) throws FabricException {
    Name instance =
        b.instance().orElseGet(() -> InstanceNames.forIdentity(b.identity.current().svid().id()));
    EventLoopGroup group = Transport.group(1, "weft-fabric-client");
    try {
      ClientConnection connection = new ClientConnection(group, new Dialer(group, b), instance, b);
      List<String> failures = new ArrayList<>();
      for (InetSocketAddress node : connection.nodes) {
        try {
          if (connection.install(connection.establish(node), false)) {
            return connection;
          }
          failures.add(
              "fabric client: "
                  + node.getHostString()
                  + ":"
                  + node.getPort()
                  + " closed the connection after HELLO");
        } catch (FabricException e) {
          if (e.code() != ErrorCode.UNAVAILABLE || connection.nodes.size() == 1) {
            throw e;
          }
          failures.add(e.getMessage());
        }
      }
      throw new FabricException(
          ErrorCode.UNAVAILABLE,
          "fabric client: no node reachable: " + String.join("; ", failures));
    } catch (FabricException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  Name instanceName() {
    return instance;
  }

  SpiffeId nodePeerId() {
    return link.peer();
  }

  String nodeName() {
    return link.node();
  }

  InetSocketAddress nodeAddress() {
    return link.address();
  }

  long reconnects() {
    return reconnects.get();
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  boolean isOpen() {
    Link l = link;
    return ready && l != null && l.channel().isActive();
  }

  Subscription subscribe(Name name, MessageHandler handler) throws FabricException {
    Sub sub = new Sub(new Handlers.Entry(name, handler));
    handlers.add(sub.entry);
    try {
      ask(Frame.control(FrameType.SUBSCRIBE, nextId(), name.toString()), sendTimeout);
    } catch (FabricException e) {
      handlers.remove(sub.entry);
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
    CompletableFuture<Message> reply = answers.expectReply(id);
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
    Link l = link;
    if (l != null) {
      queue.schedule(l.channel(), this::drain);
    }
  }

  void close() {
    Link l;
    synchronized (state) {
      closed = true;
      ready = false;
      l = link;
      state.notifyAll();
    }
    if (l != null) {
      l.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    failAll(new FabricException(ErrorCode.UNAVAILABLE, "fabric client: closed"));
  }

  // ---- connecting and reconnecting ----

  /**
   * Dials {@code node}, says HELLO and subscribes again to every live subscription, writing
   * straight to the new channel (the drain writes nothing until it is installed, so HELLO goes
   * first). Blocking; not on the I/O thread.
   */
  private Link establish(InetSocketAddress node) throws FabricException {
    Dialer.Dialed dialed = dialer.dial(node, () -> new Inbound(this));
    Channel channel = dialed.channel();
    try {
      Frame ack =
          ask(
              Frame.control(FrameType.HELLO, nextId(), instance.toString()),
              connectTimeout,
              channel);
      Link fresh =
          new Link(
              channel,
              new FrameBatch(channel),
              node,
              dialed.peer(),
              ack.metadata().getOrDefault("node_id", ""));
      resubscribe(fresh);
      return fresh;
    } catch (FabricException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Subscribes {@code fresh} to the name of every live subscription, all at once, then waits for
   * the answers. A refusal goes to the error listener and the subscription stays registered (it is
   * tried again on the next reconnect); a lost connection fails the whole attempt.
   */
  private void resubscribe(Link fresh) throws FabricException {
    Map<Frame, CompletableFuture<Frame>> subscribes = new LinkedHashMap<>();
    for (Name name : handlers.names()) {
      Frame subscribe = Frame.control(FrameType.SUBSCRIBE, nextId(), name.toString());
      subscribes.put(subscribe, askAsync(subscribe, fresh.channel()));
    }
    for (Map.Entry<Frame, CompletableFuture<Frame>> answer : subscribes.entrySet()) {
      try {
        answers.await(answer.getKey(), answer.getValue(), sendTimeout);
      } catch (FabricException e) {
        if (e.code() == ErrorCode.UNAVAILABLE) {
          throw e;
        }
        tell(
            new FabricException(
                e.code(),
                "fabric client: subscribing again to "
                    + answer.getKey().name()
                    + " on "
                    + fresh.where()
                    + " after reconnecting: "
                    + e.getMessage(),
                e));
      }
    }
  }

  /**
   * Makes {@code fresh} the current link, unless the client closed or it dropped meanwhile; a
   * reconnect is counted before the client shows as connected.
   */
  private boolean install(Link fresh, boolean again) throws FabricException {
    synchronized (state) {
      if (closed) {
        fresh.channel().close();
        throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: closed");
      }
      if (!fresh.channel().isActive()) {
        return false;
      }
      if (again) {
        reconnects.incrementAndGet();
      }
      link = fresh;
      ready = true;
      reconnecting = false;
      return true;
    }
  }

  /** {@code channel} closed. The I/O thread. */
  void lost(Channel channel) {
    Link l = link;
    if (l == null || l.channel() != channel) {
      return; // a dial that did not finish, or an old link
    }
    l.batch().discard();
    boolean start;
    synchronized (state) {
      ready = false;
      start = reconnect && !closed && !reconnecting;
      if (start) {
        reconnecting = true;
      }
      if (closed) {
        return;
      }
    }
    FabricException down =
        new FabricException(
            ErrorCode.UNAVAILABLE,
            "fabric client: the connection to node "
                + l.node()
                + " ("
                + l.where()
                + ") closed"
                + (reconnect ? "; reconnecting" : ""));
    failAll(down);
    flush(); // drops what was queued for the lost channel
    tell(down);
    if (start) {
      Thread.ofVirtual().name("weft-fabric-client-reconnect").start(this::reconnectLoop);
    }
  }

  /** Redials until a node answers or the client closes. The reconnect thread. */
  private void reconnectLoop() {
    int attempt = 0;
    while (pause(attempt++)) {
      for (InetSocketAddress node : nodes) {
        try {
          if (install(establish(node), true)) {
            LOG.info(
                "fabric client {}: reconnected to {} ({}:{})",
                instance,
                link.node(),
                node.getHostString(),
                node.getPort());
            try {
              onReconnect.run();
            } catch (RuntimeException e) {
              LOG.warn("fabric client: the reconnect listener failed", e);
            }
            return;
          }
        } catch (FabricException e) {
          LOG.debug("fabric client {}: redial of {} failed: {}", instance, node, e.getMessage());
          if (e.code() != ErrorCode.UNAVAILABLE) {
            tell(e); // the node refused the HELLO: the instance name is denied there
          }
          synchronized (state) {
            if (closed) {
              return;
            }
          }
        }
      }
    }
  }

  /**
   * Waits before redial round {@code attempt}: the initial backoff doubled per round up to the
   * maximum, jittered down by up to half. False when the client closed.
   */
  private boolean pause(int attempt) {
    long initial = backoffInitial.toNanos();
    long base = Math.min(backoffMax.toNanos(), initial << Math.min(attempt, 20));
    if (base <= 0) {
      base = backoffMax.toNanos();
    }
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    long deadline = System.nanoTime() + delay;
    synchronized (state) {
      try {
        while (!closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          TimeUnit.NANOSECONDS.timedWait(state, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reconnecting = false;
        return false;
      }
      return false;
    }
  }

  private FabricException unavailable() {
    synchronized (state) {
      if (closed) {
        return new FabricException(ErrorCode.UNAVAILABLE, "fabric client: closed");
      }
    }
    Link l = link;
    return new FabricException(
        ErrorCode.UNAVAILABLE,
        "fabric client: not connected to a node"
            + (l == null ? "" : " (lost " + l.node() + " at " + l.where() + ")")
            + (reconnect ? "; reconnecting" : ""));
  }

  // ---- sending ----

  /**
   * Queues {@code frame} for the drain task, which writes what the channel takes and flushes once
   * per event-loop turn; waits for room (see {@link SendQueue}). While not connected it fails at
   * once with {@link ErrorCode#UNAVAILABLE}: nothing is queued for a later connection.
   */
  private void send(Frame frame) throws FabricException {
    Link l = link;
    if (!ready || l == null || !l.channel().isActive()) {
      throw unavailable();
    }
    queue.offer(frame, l.channel(), () -> isOpen() ? null : unavailable(), this::drain);
  }

  /**
   * Drains the queue into the ready link; while there is none, drops what is queued: it was meant
   * for a channel that is gone, and the new one must start with HELLO. I/O thread only.
   */
  void drain() {
    Link l = link;
    if (ready && l != null) {
      queue.drain(l.channel(), l.batch());
    } else {
      queue.drain(null, null);
    }
  }

  /** A queued frame that does not fit the wire: its caller hears of it, nothing is sent. */
  private void refused(Frame frame, String why) {
    FabricException failure =
        new FabricException(
            ErrorCode.TOO_LARGE,
            "fabric client: " + frame.type() + " " + frame.name() + ": " + why);
    if (!answers.fail(frame.id(), failure)) {
      tell(failure);
    }
  }

  /** Sends a control frame through the queue and waits for its ACK. */
  private Frame ask(Frame frame, Duration timeout) throws FabricException {
    CompletableFuture<Frame> answer = answers.expectAck(frame.id());
    try {
      send(frame);
    } catch (FabricException e) {
      answers.forgetAck(frame.id());
      throw e;
    }
    return answers.await(frame, answer, timeout);
  }

  /** Sends a control frame straight to {@code channel} and waits for its ACK. */
  private Frame ask(Frame frame, Duration timeout, Channel channel) throws FabricException {
    return answers.await(frame, askAsync(frame, channel), timeout);
  }

  /** Writes a control frame straight to {@code channel}; fails when the channel does. */
  private CompletableFuture<Frame> askAsync(Frame frame, Channel channel) {
    CompletableFuture<Frame> answer = answers.expectAck(frame.id());
    FabricException gone =
        new FabricException(ErrorCode.UNAVAILABLE, "fabric client: connection closed");
    channel.closeFuture().addListener(f -> answer.completeExceptionally(gone));
    channel
        .writeAndFlush(frame)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                answer.completeExceptionally(gone);
              }
            });
    return answer;
  }

  // ---- receiving (the I/O thread) ----

  void acked(Frame frame) {
    answers.acked(frame);
  }

  void deliver(Frame frame) {
    Message message = handlers.message(frame).orElse(null);
    if (message == null) {
      return;
    }
    if (frame.has(Flags.REPLY)) {
      answers.replied(frame.id(), message);
    } else {
      handlers.dispatch(message);
    }
  }

  void error(Frame frame) {
    ErrorCode code;
    try {
      code = frame.errorCode();
    } catch (RuntimeException e) {
      code = ErrorCode.PROTOCOL;
    }
    FabricException failure = new FabricException(code, frame.errorMessage());
    if (answers.fail(frame.id(), failure)) {
      return;
    }
    LOG.debug("fabric client: {} {}: {}", code, frame.name(), frame.errorMessage());
    tell(failure);
  }

  void tell(FabricException failure) {
    try {
      onError.accept(failure);
    } catch (RuntimeException e) {
      LOG.warn("fabric client: the error listener failed", e);
    }
  }

  private void failAll(FabricException failure) {
    answers.failAll(failure);
    queue.wake();
  }

  /** One subscription of this connection; it survives reconnects. */
  private final class Sub implements Subscription {
    final Handlers.Entry entry;
    final AtomicBoolean closed = new AtomicBoolean();

    Sub(Handlers.Entry entry) {
      this.entry = entry;
    }

    @Override
    public Name name() {
      return entry.name();
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      if (handlers.remove(entry) && isOpen()) {
        try {
          ask(Frame.control(FrameType.UNSUBSCRIBE, nextId(), entry.name().toString()), sendTimeout);
        } catch (FabricException e) {
          LOG.debug("fabric client: unsubscribe {} failed: {}", entry.name(), e.getMessage());
        }
      }
    }
  }
}
