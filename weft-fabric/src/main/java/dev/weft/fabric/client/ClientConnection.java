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
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
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

  /** Frames queued by the application before publishing waits. */
  static final int MAX_PENDING = 8192;

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
  private final Map<Long, CompletableFuture<Frame>> acks = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<Message>> requests = new ConcurrentHashMap<>();
  private final Map<Name, List<Sub>> handlers = new ConcurrentHashMap<>();

  /** Parsed names of received frames; touched on the I/O thread only. */
  private final Map<String, Name> names = new java.util.HashMap<>();

  private final Queue<Frame> outbound = PlatformDependent.newMpscQueue();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Object writable = new Object();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean waiting;

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
          failures.add("fabric client: " + node + " closed the connection after HELLO");
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
    Link l = link;
    if (l != null && drainScheduled.compareAndSet(false, true)) {
      l.channel().eventLoop().execute(this::drain);
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
    Set<Name> live = new LinkedHashSet<>();
    for (List<Sub> subs : handlers.values()) {
      for (Sub sub : subs) {
        live.add(sub.name);
      }
    }
    Map<Frame, CompletableFuture<Frame>> answers = new LinkedHashMap<>();
    for (Name name : live) {
      Frame subscribe = Frame.control(FrameType.SUBSCRIBE, nextId(), name.toString());
      answers.put(subscribe, askAsync(subscribe, fresh.channel()));
    }
    for (Map.Entry<Frame, CompletableFuture<Frame>> answer : answers.entrySet()) {
      try {
        await(answer.getKey(), answer.getValue(), sendTimeout);
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
   * per event-loop turn. From an application thread, waits while {@value #MAX_PENDING} frames are
   * queued; on the I/O thread (a handler replying) it never waits. While not connected it fails at
   * once with {@link ErrorCode#UNAVAILABLE}: nothing is queued for a later connection.
   */
  private void send(Frame frame) throws FabricException {
    Link l = link;
    if (!ready || l == null || !l.channel().isActive()) {
      throw unavailable();
    }
    if (pending.get() >= MAX_PENDING && !l.channel().eventLoop().inEventLoop()) {
      awaitRoom();
    }
    pending.incrementAndGet();
    outbound.offer(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      l.channel().eventLoop().execute(this::drain);
    }
  }

  /**
   * Encodes queued frames into one batch (written every 16 KB) while the channel is writable, then
   * flushes once. While there is no ready link, drops what is queued: it was meant for a channel
   * that is gone, and the new one must start with HELLO. I/O thread only.
   */
  void drain() {
    drainScheduled.set(false);
    Link l = link;
    boolean live = ready && l != null;
    int written = 0;
    int taken = 0;
    while (!live || l.channel().isWritable()) {
      Frame frame = outbound.poll();
      if (frame == null) {
        break;
      }
      taken++;
      if (!live) {
        continue;
      }
      try {
        l.batch().add(frame);
        written++;
      } catch (IllegalArgumentException e) {
        refused(frame, e.getMessage());
      }
    }
    if (live) {
      l.batch().write();
      if (written > 0) {
        l.channel().flush();
      }
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
          if (!isOpen()) {
            throw unavailable();
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

  /** Sends a control frame through the queue and waits for its ACK. */
  private Frame ask(Frame frame, Duration timeout) throws FabricException {
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    acks.put(frame.id(), answer);
    try {
      send(frame);
    } catch (FabricException e) {
      acks.remove(frame.id());
      throw e;
    }
    return await(frame, answer, timeout);
  }

  /** Sends a control frame straight to {@code channel} and waits for its ACK. */
  private Frame ask(Frame frame, Duration timeout, Channel channel) throws FabricException {
    return await(frame, askAsync(frame, channel), timeout);
  }

  /** Writes a control frame straight to {@code channel}; fails when the channel does. */
  private CompletableFuture<Frame> askAsync(Frame frame, Channel channel) {
    CompletableFuture<Frame> answer = new CompletableFuture<>();
    acks.put(frame.id(), answer);
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

  /** Waits for the answer to {@code frame}. */
  private Frame await(Frame frame, CompletableFuture<Frame> answer, Duration timeout)
      throws FabricException {
    try {
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

  // ---- receiving (the I/O thread) ----

  void acked(Frame frame) {
    CompletableFuture<Frame> ack = acks.remove(frame.id());
    if (ack != null) {
      ack.complete(frame);
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

  void deliver(Frame frame) {
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

  void error(Frame frame) {
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

  void tell(FabricException failure) {
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

  /** One subscription of this connection; it survives reconnects. */
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
      if ((left == null || left.isEmpty()) && isOpen()) {
        try {
          ask(Frame.control(FrameType.UNSUBSCRIBE, nextId(), name.toString()), sendTimeout);
        } catch (FabricException e) {
          LOG.debug("fabric client: unsubscribe {} failed: {}", name, e.getMessage());
        }
      }
    }
  }
}
