package dev.weft.fabric.node;

import dev.weft.fabric.Name;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameBatch;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.Decision;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a node (a client, or a link in either direction) and its bounded outbound
 * queue.
 *
 * <p>Any thread may {@link #send} a frame: it goes into a lock-free queue bounded by the node's
 * {@code limits.queue_messages} and {@code limits.queue_bytes}, and one drain task per burst on the
 * connection's event loop writes what the socket takes (while the channel is writable) and flushes
 * once: writes are coalesced per event-loop turn. A frame that does not fit triggers the
 * slow-consumer policy. So a peer that never reads holds at most the queue bounds plus Netty's high
 * water mark of memory.
 *
 * <p>A consumer slower than its publishers throttles them: while its queue is over half full, the
 * connections that feed it are not read. One whose queue stays over half full for {@link #STALL}
 * has stalled: its publishers are released and the slow-consumer policy (disconnect, or drop what
 * does not fit) applies.
 *
 * <p>On the connection's own event loop, while Netty's buffer is below its high water mark, a frame
 * is encoded at once into the connection's {@link FrameBatch} (and written and flushed with the
 * rest at the end of the turn) rather than queued. The drain encodes queued frames into the same
 * batch, so a burst reaches TLS as writes of up to 16 KB, not one write per frame.
 *
 * <p>The decision cache and {@link #helloDone} are touched only on the connection's event loop.
 */
final class Connection {

  /** What is at the other end. */
  enum Kind {
    CLIENT("client"),
    LINK_IN("link-in"),
    LINK_OUT("link-out");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** Frames above this many bytes of payload are counted by their real size, others estimated. */
  private static final int OVERHEAD = 64;

  /** How long a queue may stay over half full before its consumer counts as stalled. */
  static final Duration STALL = Duration.ofSeconds(5);

  /** The most decisions a connection caches before it starts over. */
  private static final int MAX_CACHED_DECISIONS = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  final int id;
  final Channel channel;
  final String remote;
  private final NodeRuntime node;
  private final Queue<Frame> queue = PlatformDependent.newMpscQueue();
  private final AtomicInteger queuedMessages = new AtomicInteger();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean slowHandled = new AtomicBoolean();
  private final Set<Connection> throttled = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pauses = new AtomicInteger();

  /** When the queue passed half full (System.nanoTime), or 0. */
  private volatile long fullSince;

  /** The queue stalled: no more throttling until it drains below a quarter. */
  private volatile boolean stalled;

  final LongAdder sent = new LongAdder();
  final LongAdder received = new LongAdder();
  final LongAdder dropped = new LongAdder();

  volatile Kind kind;
  volatile SpiffeId peer;
  volatile String state = "handshaking";

  /** A client's own instance name, after HELLO. */
  volatile Name instance;

  /** A link's node id and its hash, after LINK_HELLO or its ACK. */
  volatile String linkNode = "";

  volatile int linkNodeHash;
  volatile dev.weft.fabric.admin.NodeInfo linkInfo;

  boolean helloDone;

  /** Frames encoded on the event loop, not yet written to the channel. Event loop only. */
  private final FrameBatch batch;

  /** Frames were written on the event loop and wait for the drain's flush. Event loop only. */
  private boolean unflushed;

  private final Map<String, Decision> decisions = new HashMap<>();
  private final Map<String, Name> names = new HashMap<>();
  private String decisionsRevision = "";

  Connection(int id, Channel channel, Kind kind, NodeRuntime node) {
    this.id = id;
    this.channel = channel;
    this.kind = kind;
    this.node = node;
    this.batch = new FrameBatch(channel);
    this.remote =
        channel.remoteAddress() == null
            ? ""
            : channel.remoteAddress().toString().replaceFirst("^[^/]*/", "");
  }

  boolean isLink() {
    return kind != Kind.CLIENT;
  }

  boolean isOpen() {
    return channel.isActive() && "open".equals(state);
  }

  int queued() {
    return queuedMessages.get();
  }

  /**
   * Queues {@code frame}; false if the connection is closed or its queue is full (then the node's
   * slow-consumer policy has acted).
   */
  boolean send(Frame frame) {
    return send(frame, null);
  }

  /**
   * Queues {@code frame} sent on behalf of {@code from} (the connection it came in on, or null).
   * While this connection's queue is over half full, {@code from} stops being read (it is
   * throttled) until the queue drains below a quarter; a queue that stays over half full for {@link
   * #STALL} is a stalled consumer and the slow-consumer policy acts on it.
   */
  boolean send(Frame frame, Connection from) {
    if (!channel.isActive()) {
      return false;
    }
    if (channel.eventLoop().inEventLoop() && queue.isEmpty() && channel.isWritable()) {
      // On the connection's own thread with room in Netty's buffer (bounded by its high water
      // mark): encode now, write and flush once at the end of this turn.
      if (!encode(frame)) {
        return false;
      }
      sent.increment();
      unflushed = true;
      if (drainScheduled.compareAndSet(false, true)) {
        channel.eventLoop().execute(this::drain);
      }
      return true;
    }
    int size = size(frame);
    // The message count is reserved only below the limit, so queued() never reads above it.
    int messages;
    do {
      messages = queuedMessages.get() + 1;
      if (messages > node.limits().queueMessages()) {
        return full();
      }
    } while (!queuedMessages.compareAndSet(messages - 1, messages));
    long bytes = queuedBytes.addAndGet(size);
    if (bytes > node.limits().queueBytes()) {
      queuedMessages.decrementAndGet();
      queuedBytes.addAndGet(-size);
      return full();
    }
    queue.offer(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
    if (from != null
        && from != this
        && !stalled
        && (messages > node.limits().queueMessages() / 2
            || bytes > node.limits().queueBytes() / 2)) {
      throttle(from);
    }
    return true;
  }

  /** A frame did not fit the queue: counted as dropped, and the slow-consumer policy acts. */
  private boolean full() {
    dropped.increment();
    node.slowConsumer(this);
    return false;
  }

  private void throttle(Connection from) {
    if (throttled.add(from)) {
      from.pauseReading();
    }
    if (fullSince == 0) {
      fullSince = System.nanoTime();
      channel.eventLoop().schedule(this::checkStall, STALL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The queue has been over half full since {@link #fullSince}: after {@link #STALL}, act. */
  private void checkStall() {
    long since = fullSince;
    if (since == 0 || !channel.isActive()) {
      return;
    }
    long left = STALL.toNanos() - (System.nanoTime() - since);
    if (left > 0) {
      channel.eventLoop().schedule(this::checkStall, left, TimeUnit.NANOSECONDS);
      return;
    }
    stalled = true;
    releaseThrottled();
    node.stalled(this);
  }

  /** Stops reading this connection (a destination it sends to is full). Any thread. */
  void pauseReading() {
    if (pauses.incrementAndGet() == 1) {
      channel.config().setAutoRead(false);
    }
  }

  /** Undoes one {@link #pauseReading()}. Any thread. */
  void resumeReading() {
    if (pauses.decrementAndGet() == 0) {
      channel.config().setAutoRead(true);
    }
  }

  /** Lets every connection this one throttled be read again. */
  void releaseThrottled() {
    for (Connection from : throttled) {
      if (throttled.remove(from)) {
        from.resumeReading();
      }
    }
  }

  /** Writes queued frames while the channel is writable, then flushes once. Event loop only. */
  void drain() {
    drainScheduled.set(false);
    int written = 0;
    int taken = 0;
    long takenBytes = 0;
    while (channel.isWritable()) {
      Frame frame = queue.poll();
      if (frame == null) {
        break;
      }
      taken++;
      takenBytes += size(frame);
      if (encode(frame)) {
        written++;
      }
    }
    // The counters shared with senders are updated once per drain, not per frame (until then
    // senders see the queue fuller than it is, never emptier).
    if (taken > 0) {
      queuedMessages.addAndGet(-taken);
      queuedBytes.addAndGet(-takenBytes);
    }
    batch.write();
    if (written > 0 || unflushed) {
      sent.add(written);
      unflushed = false;
      channel.flush();
    }
    if (fullSince != 0
        && queuedMessages.get() <= node.limits().queueMessages() / 4
        && queuedBytes.get() <= node.limits().queueBytes() / 4) {
      fullSince = 0;
      stalled = false;
      releaseThrottled();
    }
  }

  /**
   * Appends {@code frame} to the batch; false (counted as dropped) if a field does not fit the
   * wire. Event loop only.
   */
  private boolean encode(Frame frame) {
    try {
      batch.add(frame);
      return true;
    } catch (IllegalArgumentException e) {
      dropped.increment();
      LOG.warn("fabric node: dropped a {} frame for {}: {}", frame.type(), this, e.getMessage());
      return false;
    }
  }

  /**
   * Writes what the batch holds (not flushed), so that a frame written straight to the channel
   * after it keeps its order. Event loop only.
   */
  void writeBatch() {
    batch.write();
  }

  /** Whether the slow-consumer policy acted on this connection for the first time. */
  boolean firstSlow() {
    return slowHandled.compareAndSet(false, true);
  }

  /**
   * Drops what is queued and batched (the connection is closing) and releases whom it throttled.
   * Event loop only.
   */
  void discardQueue() {
    fullSince = 0;
    batch.discard();
    releaseThrottled();
    while (queue.poll() != null) {
      queuedMessages.decrementAndGet();
    }
    queuedBytes.set(0);
  }

  /** The cached decision for {@code key} under policy {@code revision}, or null. Event loop. */
  Decision cachedDecision(String revision, String key) {
    if (!revision.equals(decisionsRevision)) {
      decisions.clear();
      decisionsRevision = revision;
      return null;
    }
    return decisions.get(key);
  }

  /** {@code text} parsed, from a bounded per-connection cache. Event loop. */
  Name name(String text) {
    Name name = names.get(text);
    if (name == null) {
      name = Name.parse(text);
      if (names.size() >= MAX_CACHED_DECISIONS) {
        names.clear();
      }
      names.put(text, name);
    }
    return name;
  }

  /** Caches a decision. Event loop. */
  void cacheDecision(String key, Decision decision) {
    if (decisions.size() >= MAX_CACHED_DECISIONS) {
      decisions.clear();
    }
    decisions.put(key, decision);
  }

  private static int size(Frame frame) {
    return OVERHEAD + frame.name().length() + frame.source().length() + frame.payload().length;
  }

  @Override
  public String toString() {
    return kind.label + "#" + id + (peer == null ? "" : " " + peer);
  }
}
