package dev.weft.fabric.session;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.client.Subscription;
import dev.weft.fabric.mls.MlsException;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.session.SessionFrame.Kind;
import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and accepts reliable {@link Session}s over one {@link FabricClient}.
 *
 * <pre>{@code
 * try (SessionEndpoint sessions = SessionEndpoint.builder(client).start()) {
 *   Session s = sessions.open(Name.parse("a.test/jobs/worker"), (session, bytes) -> {});
 *   s.send("hello".getBytes(UTF_8));
 *   byte[] answer = s.request("ping".getBytes(UTF_8), Duration.ofSeconds(2)).get();
 *   s.close();
 * }
 * }</pre>
 *
 * <p>It subscribes to the client's instance name, where every session frame for it arrives, and
 * demultiplexes them by session id and source. Opening sends OPEN to the name as a fabric request:
 * anycast picks one instance, whose reply (OPEN_ACK) names it, and every later frame goes to that
 * instance by unicast. A ticker thread retransmits and enforces the timeouts; a delivery thread
 * calls the handlers (see {@link SessionHandler}). Closing the endpoint resets its open sessions
 * (close them first for a clean close) and unsubscribes; it does not close the client. Use one
 * endpoint per client: a second on the same client would take the first's frames for strays and
 * reset its sessions.
 */
public final class SessionEndpoint implements AutoCloseable {

  static final Logger LOG = LoggerFactory.getLogger(SessionEndpoint.class);

  /** An accepted session: its peer instance and the id the peer chose. */
  record Key(Name peer, long id) {}

  /** The local MLS member and the admission of peers' SPIFFE IDs, for MLS sessions. */
  record Mls(MlsMember member, Predicate<SpiffeId> admit) {}

  /** How sessions on an accepted name are served. */
  record Acceptor(SessionHandler handler, Mls mls) {}

  /** Null when this endpoint's sessions are not encrypted. */
  private final Mls mls;

  /** The most sessions accepted at once: a peer's OPENs beyond it are refused. */
  private final int maxAccepted;

  private final Carrier carrier;
  private final SessionOpener opener;
  private final SessionAcceptance acceptance;
  private final Settings settings;
  private final Clock clock;
  private final Counters counters = new Counters();

  /** How many cleanly finished sessions are remembered. */
  static final int FINISHED_KEPT = 4096;

  @GuardedBy("finished")
  private final Map<String, Boolean> finished =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > FINISHED_KEPT;
        }
      };

  private final Map<Long, Session> opened = new ConcurrentHashMap<>();
  private final Map<Key, Session> accepted = new ConcurrentHashMap<>();
  private final Map<Name, Acceptor> acceptors = new ConcurrentHashMap<>();

  /** Ids of sessions this side is opening: their peer's early frames are dropped, not reset. */
  private final Set<Long> opening = ConcurrentHashMap.newKeySet();

  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  /** Group sessions this endpoint is a member of: their timers run on the ticker. */
  private final Set<GroupSession> groups = ConcurrentHashMap.newKeySet();

  private final ExecutorService delivery;
  private final ScheduledExecutorService ticker;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile Thread deliveryThread;

  private SessionEndpoint(Builder b) throws FabricException {
    this.carrier = b.wrap.apply(Carrier.of(b.client));
    this.settings =
        new Settings(
            b.window,
            b.sendBuffer,
            b.reorderBuffer,
            b.maxRetries,
            b.retransmitTimeout,
            b.maxBackoff,
            b.idleTimeout,
            b.closeTimeout,
            b.sendTimeout);
    this.clock = b.clock;
    this.opener = new SessionOpener(this, carrier, settings, counters);
    this.mls = b.mls;
    this.maxAccepted = b.maxAccepted;
    this.acceptance =
        new SessionAcceptance(this, carrier, counters, acceptors, accepted, maxAccepted);
    this.delivery =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = Thread.ofPlatform().daemon().name("weft-session-delivery").unstarted(r);
              deliveryThread = t;
              return t;
            });
    this.ticker =
        b.tick == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("weft-session-ticker").unstarted(r));
    try {
      subscriptions.add(carrier.subscribe(carrier.self(), this::onFrame));
    } catch (FabricException e) {
      shutdownThreads();
      throw e;
    }
    if (ticker != null) {
      long every = b.tick.toNanos();
      ticker.scheduleAtFixedRate(this::tickSafely, every, every, TimeUnit.NANOSECONDS);
    }
  }

  /** A builder for an endpoint on {@code client}. */
  public static Builder builder(FabricClient client) {
    return new Builder(client);
  }

  /**
   * Opens a session to {@code name}: a service name (anycast picks one instance) or an instance
   * name. Blocks until the peer accepts, retransmitting OPEN with backoff.
   *
   * @throws SessionException {@code REFUSED} when the fabric has no subscriber for the name, {@code
   *     FABRIC} when it refuses otherwise (the node's message, e.g. the policy rule), {@code
   *     UNREACHABLE} when no answer came after the retries, {@code CLOSED} if the endpoint is
   *     closed
   */
  public Session open(Name name, SessionHandler handler) throws SessionException {
    return open(name, handler, mls);
  }

  /** Opens a session, with MLS when {@code withMls} is not null. */
  Session open(Name name, SessionHandler handler, Mls withMls) throws SessionException {
    if (closing.get()) {
      throw new SessionException(SessionException.Reason.CLOSED, "session endpoint: closed");
    }
    return opener.open(name, handler, withMls);
  }

  /**
   * Accepts sessions opened to {@code name}; {@code handler} serves each of them. Closing the
   * returned subscription stops accepting (open sessions go on).
   *
   * @throws FabricException when the node refuses the subscription (the policy rule)
   */
  public Subscription accept(Name name, SessionHandler handler) throws FabricException {
    return accept(name, handler, mls);
  }

  /** Accepts sessions on {@code name}, MLS ones when {@code withMls} is not null. */
  Subscription accept(Name name, SessionHandler handler, Mls withMls) throws FabricException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    if (acceptors.putIfAbsent(name, new Acceptor(handler, withMls)) != null) {
      throw new IllegalArgumentException("name: " + name + " (expected: not already accepted)");
    }
    Subscription sub;
    if (name.equals(carrier.self())) {
      sub = null;
    } else {
      try {
        sub = carrier.subscribe(name, this::onFrame);
      } catch (FabricException e) {
        acceptors.remove(name);
        throw e;
      }
      subscriptions.add(sub);
    }
    return new Subscription() {
      private final AtomicBoolean done = new AtomicBoolean();

      @Override
      public Name name() {
        return name;
      }

      @Override
      public void close() {
        if (done.compareAndSet(false, true)) {
          acceptors.remove(name);
          if (sub != null) {
            subscriptions.remove(sub);
            sub.close();
          }
        }
      }
    };
  }

  /**
   * Creates an MLS group session on {@code channel} with this side as its moderator and only
   * member; {@link GroupSession#invite} adds members. Needs an endpoint built with {@link
   * Builder#mls}.
   *
   * @throws SessionException {@code REFUSED} when this side's own credential is not admitted
   */
  public GroupSession createGroup(Name channel, GroupHandler handler) throws SessionException {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(handler, "handler");
    Mls withMls = requireMls("createGroup");
    try {
      return GroupSession.create(this, withMls, channel, handler);
    } catch (MlsException e) {
      throw new SessionException(
          SessionException.Reason.REFUSED, "group " + channel + ": " + e.getMessage(), e);
    }
  }

  /**
   * Accepts invitations to group sessions on {@code name}: a moderator's invitation is answered
   * with a fresh MLS KeyPackage, and its Welcome joins the group if every member is admitted (by
   * this endpoint's MLS admission and {@link GroupHandler#admit}). Needs an endpoint built with
   * {@link Builder#mls}.
   *
   * @throws FabricException when the node refuses the subscription
   */
  public Subscription acceptInvites(Name name, GroupHandler handler) throws FabricException {
    Objects.requireNonNull(handler, "handler");
    Mls withMls = requireMls("acceptInvites");
    return accept(name, new GroupInvitations(this, withMls, handler), null);
  }

  private Mls requireMls(String what) {
    if (mls == null) {
      throw new IllegalStateException(
          what + ": the endpoint has no MLS identity (expected: built with Builder.mls)");
    }
    return mls;
  }

  /** This endpoint's instance name (its client's), where its sessions' peers send. */
  public Name self() {
    return carrier.self();
  }

  /** The sessions open now (opened and accepted). */
  public List<Session> sessions() {
    List<Session> all = new ArrayList<>(opened.values());
    all.addAll(accepted.values());
    return all;
  }

  /** The counters so far. */
  public SessionStats stats() {
    return new SessionStats(
        counters.opened.get(),
        counters.malformed.get(),
        counters.duplicates.get(),
        counters.retransmitted.get(),
        counters.overflow.get(),
        counters.stray.get(),
        counters.lateReplies.get(),
        counters.mlsRefused.get(),
        counters.rekeyed.get(),
        counters.limited.get());
  }

  /** Resets every open session, unsubscribes and stops the endpoint's threads. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    sessions().forEach(Session::abort);
    for (Subscription s : subscriptions) {
      s.close();
    }
    subscriptions.clear();
    shutdownThreads();
  }

  private void shutdownThreads() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    delivery.shutdown();
    try {
      if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
        delivery.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      delivery.shutdownNow();
    }
  }

  /** One frame from the fabric. The client's I/O thread. */
  private void onFrame(Message message) {
    SessionFrame frame;
    try {
      frame = SessionFrame.decode(message.payload());
    } catch (IllegalArgumentException e) {
      counters.malformed.incrementAndGet();
      LOG.debug(
          "session endpoint: dropped a malformed frame on {}: {}", message.name(), e.getMessage());
      return;
    }
    if (message.source().isEmpty()) {
      counters.stray.incrementAndGet();
      return;
    }
    Name source = message.source().get();
    if (frame.kind() == Kind.OPEN) {
      if (closing.get()) {
        counters.stray.incrementAndGet();
      } else {
        acceptance.onOpen(message, frame, source);
      }
      return;
    }
    Session session =
        frame.has(SessionFrame.INITIATOR)
            ? accepted.get(new Key(source, frame.sessionId()))
            : opened.get(frame.sessionId());
    if (session == null || !session.peer().equals(source)) {
      counters.stray.incrementAndGet();
      if (session == null
          && !frame.has(SessionFrame.INITIATOR)
          && opening.contains(frame.sessionId())) {
        return; // ahead of its OPEN_ACK: the peer retransmits it
      }
      int reply = frame.has(SessionFrame.INITIATOR) ? 0 : SessionFrame.INITIATOR;
      boolean ours = !frame.has(SessionFrame.INITIATOR);
      if (session == null
          && frame.kind() == Kind.DATA
          && finishedCleanly(ours, source, frame.sessionId())) {
        // A retransmission that crossed a clean close: it was delivered; acknowledge it again.
        transmit(source, SessionFrame.control(Kind.ACK, reply, frame.sessionId(), frame.seq(), 0));
        return;
      }
      if (frame.kind() == Kind.CLOSE) {
        transmit(
            source, SessionFrame.control(Kind.CLOSE_ACK, reply, frame.sessionId(), frame.seq(), 0));
      } else if (frame.kind() == Kind.DATA) {
        transmit(
            source,
            new SessionFrame(
                Kind.RESET,
                reply,
                frame.sessionId(),
                0,
                0,
                0,
                "no such session".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      return;
    }
    session.receive(frame);
  }

  /** Runs the timers of every session once: what the ticker does every tick. */
  void tick() {
    long now = now();
    // while the client reconnects nothing can go out: retransmitting then would only use up
    // the frames' retries; they go out as soon as it is back
    boolean connected = carrier.connected();
    for (Session s : sessions()) {
      s.tick(now, connected);
    }
    for (GroupSession g : groups) {
      g.tick(now);
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("session endpoint: tick failed", e);
    }
  }

  void track(GroupSession group) {
    groups.add(group);
  }

  void untrack(GroupSession group) {
    groups.remove(group);
  }

  Settings settings() {
    return settings;
  }

  Counters counters() {
    return counters;
  }

  long now() {
    return clock.millis();
  }

  boolean onDeliveryThread() {
    return Thread.currentThread() == deliveryThread;
  }

  /**
   * Forgets a session that ended. One that ended cleanly is remembered for a while (at most {@value
   * #FINISHED_KEPT} of them), so that a retransmission crossing the close is acknowledged instead
   * of answered with a RESET that would spoil the peer's clean close.
   */
  void forget(Session session, boolean clean) {
    String key = finishedKey(session.initiator(), session.peer(), session.id());
    if (session.initiator()) {
      opened.remove(session.id(), session);
    } else {
      accepted.remove(new Key(session.peer(), session.id()), session);
    }
    if (clean) {
      synchronized (finished) {
        finished.put(key, Boolean.TRUE);
      }
    }
  }

  private boolean finishedCleanly(boolean initiator, Name peer, long id) {
    synchronized (finished) {
      return finished.containsKey(finishedKey(initiator, peer, id));
    }
  }

  private static String finishedKey(boolean initiator, Name peer, long id) {
    return initiator ? "o " + id : "a " + peer + " " + id;
  }

  void deliver(Runnable task) {
    try {
      delivery.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              LOG.warn("session endpoint: a session handler failed", e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("session endpoint: closed, a delivery was dropped");
    }
  }

  void transmit(Name to, SessionFrame frame) {
    try {
      carrier.send(to, frame.encode());
    } catch (FabricException e) {
      LOG.debug("session endpoint: {} to {} not sent: {}", frame.kind(), to, e.getMessage());
    }
  }

  /** The opener's session {@code id} is on its way: the peer's early frames are not strays. */
  void opening(long id, boolean underway) {
    if (underway) {
      opening.add(id);
    } else {
      opening.remove(id);
    }
  }

  /** A session this side opened is established. */
  void opened(Session session) {
    opened.put(session.id(), session);
  }

  long newId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0 || opened.containsKey(id));
    return id;
  }

  /** Builds a {@link SessionEndpoint}. */
  public static final class Builder {
    final FabricClient client;
    int window = 64;
    int sendBuffer = 1024;
    int reorderBuffer = 256;
    int maxRetries = 8;
    Duration retransmitTimeout = Duration.ofMillis(200);
    Duration maxBackoff = Duration.ofSeconds(5);
    Duration idleTimeout = Duration.ofMinutes(5);
    Duration closeTimeout = Duration.ofSeconds(5);
    Duration sendTimeout = Duration.ofSeconds(10);
    Duration tick = Duration.ofMillis(10);
    Clock clock = Clock.systemUTC();
    UnaryOperator<Carrier> wrap = UnaryOperator.identity();
    Mls mls;
    int maxAccepted = 4096;

    private Builder(FabricClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Makes every session this endpoint opens or accepts an MLS group (RFC 9420): {@code member}
     * presents its X.509-SVID as the MLS credential, and a peer is admitted only when its
     * credential chains to a bundle {@code member}'s identity source holds (its own trust domain or
     * a federated one), is not expired, and {@code admit} allows its SPIFFE ID ({@code admit} is
     * asked about the others; this member's own SPIFFE ID needs only a valid credential). {@code
     * admit} runs on the endpoint's threads and must not block. Both sides of a session must use
     * MLS, or it is refused.
     */
    public Builder mls(MlsMember member, Predicate<SpiffeId> admit) {
      this.mls =
          new Mls(Objects.requireNonNull(member, "member"), Objects.requireNonNull(admit, "admit"));
      return this;
    }

    /**
     * The most accepted sessions open at once (default 4096): each holds buffers and, with MLS, a
     * group, so further OPENs are refused with a RESET until sessions end.
     */
    public Builder maxAcceptedSessions(int sessions) {
      this.maxAccepted = atLeast("maxAcceptedSessions", sessions, 1);
      return this;
    }

    /** Frames in flight before further sends queue (default 64). */
    public Builder window(int frames) {
      this.window = atLeast("window", frames, 1);
      return this;
    }

    /** Unacknowledged frames (in flight and queued) before sending waits (default 1024). */
    public Builder sendBuffer(int frames) {
      this.sendBuffer = atLeast("sendBuffer", frames, 1);
      return this;
    }

    /**
     * Frames held ahead of a gap, and frames waiting for the handler, per session (default 256);
     * beyond it frames are dropped unacknowledged and retransmitted by the peer.
     */
    public Builder reorderBuffer(int frames) {
      this.reorderBuffer = atLeast("reorderBuffer", frames, 1);
      return this;
    }

    /** Retransmissions of one frame before the session ends as unreachable (default 8). */
    public Builder maxRetries(int retries) {
      this.maxRetries = atLeast("maxRetries", retries, 0);
      return this;
    }

    /** The first retransmission timeout, doubled on every retry (default 200 ms). */
    public Builder retransmitTimeout(Duration timeout) {
      this.retransmitTimeout = positive("retransmitTimeout", timeout);
      return this;
    }

    /** The longest retransmission timeout (default 5 s). */
    public Builder maxBackoff(Duration timeout) {
      this.maxBackoff = positive("maxBackoff", timeout);
      return this;
    }

    /** A session that hears nothing from its peer this long ends (default 5 min). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /** How long a closing session waits for the peer's CLOSE_ACK (default 5 s). */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = positive("closeTimeout", timeout);
      return this;
    }

    /** How long sending waits while the send buffer is full (default 10 s). */
    public Builder sendTimeout(Duration timeout) {
      this.sendTimeout = positive("sendTimeout", timeout);
      return this;
    }

    /** How often timers are checked (default 10 ms). */
    public Builder tickInterval(Duration interval) {
      this.tick = positive("tickInterval", interval);
      return this;
    }

    /** The clock timeouts are measured with (default: the system clock). */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /** Tests: no ticker thread, timers run only on {@link SessionEndpoint#tick()}. */
    Builder manualTicks() {
      this.tick = null;
      return this;
    }

    /** Tests: wraps what the endpoint sends and receives through. */
    Builder carrier(UnaryOperator<Carrier> wrapper) {
      this.wrap = Objects.requireNonNull(wrapper, "wrapper");
      return this;
    }

    /**
     * Subscribes to the client's instance name and starts the endpoint.
     *
     * @throws FabricException when the node refuses the subscription
     */
    public SessionEndpoint start() throws FabricException {
      return new SessionEndpoint(this);
    }

    private static int atLeast(String what, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(what + ": " + value + " (expected: >= " + min + ")");
      }
      return value;
    }

    private static Duration positive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + ": " + d + " (expected: > 0)");
      }
      return d;
    }
  }
}
