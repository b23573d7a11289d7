package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.fabric.Name;
import dev.weft.fabric.mls.MlsGroup;
import dev.weft.fabric.session.SessionFrame.Kind;
import dev.weft.identity.spiffeid.SpiffeId;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One reliable point-to-point session with a peer instance: messages are acknowledged one by one,
 * retransmitted on timeout, delivered to the peer's {@link SessionHandler} exactly once and in
 * order. Opened with {@link SessionEndpoint#open}, or given to the handler of {@link
 * SessionEndpoint#accept}. Thread-safe.
 *
 * <p>On an endpoint built with {@link SessionEndpoint.Builder#mls MLS}, the session is a two-member
 * MLS group: the opener creates it and adds the acceptor by the KeyPackage that came with OPEN_ACK,
 * sends the Welcome as the first DATA, and from then on every message and reply is an MLS
 * PrivateMessage, signed by its sender's SVID key, whose authenticated data is the frame's header.
 * The nodes in between see headers and ciphertext only.
 */
public final class Session implements AutoCloseable {

  /** Where a session is in its life. */
  public enum State {
    /** Sending and receiving. */
    OPEN,
    /** A CLOSE was sent or received; what is in flight still completes, nothing new is sent. */
    CLOSING,
    /** Ended; {@link #closed()} says why. */
    CLOSED
  }

  private final SessionEndpoint endpoint;
  private final Settings settings;
  private final long id;
  private final Name name;
  private final Name peer;
  private final boolean initiator;
  private final SessionHandler handler;

  /** The MLS keys of an MLS session, else null. */
  private final SessionKeys keys;

  private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
  private final Object lock = new Object();

  @GuardedBy("lock")
  private State state = State.OPEN;

  @GuardedBy("lock")
  private final Outbox outbox;

  @GuardedBy("lock")
  private final Inbox inbox;

  @GuardedBy("lock")
  private final Map<Long, PendingRequest> requests = new HashMap<>();

  @GuardedBy("lock")
  private long nextCorrelation = 1;

  @GuardedBy("lock")
  private long lastHeard;

  @GuardedBy("lock")
  private long closingSince;

  @GuardedBy("lock")
  private boolean closeSent;

  @GuardedBy("lock")
  private boolean closeReceived;

  @GuardedBy("lock")
  private long closeSeq;

  @GuardedBy("lock")
  private int undelivered;

  private record PendingRequest(CompletableFuture<byte[]> reply, long deadline) {}

  Session(
      SessionEndpoint endpoint,
      long id,
      Name name,
      Name peer,
      boolean initiator,
      SessionHandler handler,
      long now,
      SessionEndpoint.Mls mls,
      byte[] keyPackage) {
    this.endpoint = endpoint;
    this.keys = mls == null ? null : new SessionKeys(this, mls, keyPackage);
    this.settings = endpoint.settings();
    this.id = id;
    this.name = name;
    this.peer = peer;
    this.initiator = initiator;
    this.handler = handler;
    this.outbox =
        new Outbox(
            settings.window(),
            settings.sendBuffer(),
            settings.maxRetries(),
            settings.retransmitTimeout().toMillis(),
            settings.maxBackoff().toMillis());
    this.inbox = new Inbox(settings.reorderBuffer());
    synchronized (lock) {
      this.lastHeard = now;
    }
  }

  /** The session id, chosen by the side that opened it. */
  public long id() {
    return id;
  }

  /** The name the session was opened to or accepted on. */
  public Name name() {
    return name;
  }

  /** The peer's instance name, where this session's frames go. */
  public Name peer() {
    return peer;
  }

  /** Whether this side opened the session. */
  public boolean initiator() {
    return initiator;
  }

  /** Whether the session is end-to-end encrypted with MLS. */
  public boolean encrypted() {
    return keys != null;
  }

  /**
   * The peer's SPIFFE ID, as its MLS credential (an X.509-SVID that chains to a trusted bundle)
   * proves it; empty without MLS, and until the MLS handshake is done.
   */
  public Optional<SpiffeId> peerIdentity() {
    return keys == null ? Optional.empty() : Optional.ofNullable(keys.peerIdentity());
  }

  /** The session's current MLS epoch; -1 without MLS or before the handshake. */
  public long epoch() {
    return keys == null ? -1 : keys.epoch();
  }

  /** Where the session is in its life. */
  public State state() {
    synchronized (lock) {
      return state;
    }
  }

  /**
   * Completes with the reason once the session has ended and its handler's {@link
   * SessionHandler#onClose} has returned.
   */
  public CompletableFuture<CloseReason> closed() {
    return closed.copy();
  }

  /**
   * Sends a message, delivered to the peer exactly once and in order. Returns once it is queued
   * (the array is copied); waits while the send buffer is full, up to the send timeout.
   *
   * @throws SessionException {@code CLOSED} if the session is closing or closed, {@code TIMEOUT} if
   *     the buffer stayed full
   */
  public void send(byte[] payload) throws SessionException {
    sendData(0, 0, payload.clone());
  }

  /**
   * Sends a request; the future completes with the peer handler's reply, or fails with a {@link
   * SessionException}: {@code TIMEOUT} when {@code deadline} passes first, {@code REFUSED} with the
   * peer's reason, {@code CLOSED} when the session ends first.
   */
  public CompletableFuture<byte[]> request(byte[] payload, Duration deadline) {
    Objects.requireNonNull(payload, "payload");
    if (deadline == null || deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline: " + deadline + " (expected: > 0)");
    }
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    long correlation;
    synchronized (lock) {
      correlation = nextCorrelation++;
      requests.put(correlation, new PendingRequest(reply, endpoint.now() + deadline.toMillis()));
    }
    try {
      sendData(SessionFrame.REQUEST, correlation, payload.clone());
    } catch (SessionException e) {
      synchronized (lock) {
        requests.remove(correlation);
      }
      reply.completeExceptionally(e);
    }
    return reply;
  }

  /**
   * Closes cleanly: sends CLOSE after everything sent before it, and waits (up to the close
   * timeout) until the peer has received them all and confirmed with CLOSE_ACK. From a handler it
   * does not wait. Closing a closed session does nothing.
   */
  @Override
  public void close() {
    List<SessionFrame> send = new ArrayList<>();
    synchronized (lock) {
      if (state == State.OPEN) {
        state = State.CLOSING;
        closingSince = endpoint.now();
        closeSent = true;
        outbox.add(
            seq -> SessionFrame.control(Kind.CLOSE, flags(0), id, seq, 0), endpoint.now(), send);
        lock.notifyAll();
      }
    }
    transmit(send);
    if (endpoint.onDeliveryThread()) {
      return;
    }
    try {
      closed.get(settings.closeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the ticker ends it after the close timeout
    }
  }

  @Override
  public String toString() {
    return "session " + Long.toHexString(id) + " with " + peer;
  }

  private int flags(int flags) {
    return initiator ? flags | SessionFrame.INITIATOR : flags;
  }

  private void sendData(int flags, long correlation, byte[] payload) throws SessionException {
    List<SessionFrame> send = new ArrayList<>();
    synchronized (lock) {
      long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
      while (state == State.OPEN && outbox.full()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SessionException(
              SessionException.Reason.TIMEOUT,
              this
                  + ": send buffer full ("
                  + settings.sendBuffer()
                  + " frames unacknowledged) for "
                  + settings.sendTimeout());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SessionException(SessionException.Reason.CLOSED, this + ": interrupted", e);
        }
      }
      if (state != State.OPEN) {
        throw new SessionException(
            SessionException.Reason.CLOSED,
            this + ": " + state.name().toLowerCase(java.util.Locale.ROOT));
      }
      if (keys != null && !keys.ready()) {
        throw new SessionException(
            SessionException.Reason.CLOSED, this + ": the MLS handshake is not finished");
      }
      int f = flags(flags);
      try {
        outbox.add(
            seq ->
                new SessionFrame(
                    Kind.DATA,
                    f,
                    id,
                    seq,
                    0,
                    correlation,
                    keys == null ? payload : keys.seal(seq, f, correlation, payload)),
            endpoint.now(),
            send);
      } catch (SessionKeys.UncheckedMlsException e) {
        throw new SessionException(
            SessionException.Reason.FABRIC, this + ": " + e.getCause().getMessage(), e.getCause());
      }
    }
    transmit(send);
  }

  /**
   * Opener: the group is made and the acceptor added; sends the Welcome as the first DATA and makes
   * the session usable. Runs before {@link SessionEndpoint#open} returns.
   */
  void startEncrypted(MlsGroup made, byte[] welcome, X509Certificate credential) {
    keys.started(made, credential, endpoint.now());
    sendClear(SessionFrame.WELCOME, welcome);
    endpoint.deliver(this::opened);
  }

  /**
   * Opener of a re-key: switches the keys and queues the Welcome to the new group in one step, so
   * that nothing sealed with the new group goes out before it.
   */
  void switchKeys(Runnable switchGroup, byte[] welcome) {
    List<SessionFrame> send = new ArrayList<>();
    synchronized (lock) {
      switchGroup.run();
      if (state == State.OPEN) {
        enqueueClear(SessionFrame.WELCOME, welcome, send);
      }
    }
    transmit(send);
  }

  /** Queues a DATA frame whose payload is sent as it is (MLS handshake material). */
  @GuardedBy("lock")
  private void enqueueClear(int flag, byte[] payload, List<SessionFrame> send) {
    outbox.add(
        seq -> new SessionFrame(Kind.DATA, flags(flag), id, seq, 0, 0, payload.clone()),
        endpoint.now(),
        send);
  }

  /** Sends one MLS handshake frame (a KeyPackage, a request for one, a Welcome). */
  void sendClear(int flag, byte[] payload) {
    List<SessionFrame> send = new ArrayList<>();
    synchronized (lock) {
      if (state != State.OPEN) {
        return;
      }
      enqueueClear(flag, payload, send);
    }
    transmit(send);
  }

  /** An MLS message refused: counted and logged; the session goes on. */
  void dropped(SessionFrame f, String why) {
    endpoint.counters().mlsRefused.incrementAndGet();
    SessionEndpoint.LOG.warn("{}: MLS message {} refused: {}", this, f.seq(), why);
  }

  /** Ends the session because its MLS handshake failed; the peer gets a RESET with the reason. */
  void refuse(String why) {
    endpoint.counters().mlsRefused.incrementAndGet();
    SessionEndpoint.LOG.warn("{}: refused: {}", this, why);
    abort(why, CloseReason.REFUSED);
  }

  /** A frame from the peer (already matched to this session by id and source). I/O thread. */
  void receive(SessionFrame frame) {
    List<SessionFrame> send = new ArrayList<>();
    List<Runnable> deliver = new ArrayList<>();
    synchronized (lock) {
      if (state == State.CLOSED) {
        endpoint.counters().stray.incrementAndGet();
        return;
      }
      long now = endpoint.now();
      lastHeard = now;
      boolean room = outbox.acked(-1, frame.ack(), now, send);
      switch (frame.kind()) {
        case DATA, CLOSE -> take(frame, send, deliver);
        case ACK -> room |= outbox.acked(frame.seq(), frame.ack(), now, send);
        case CLOSE_ACK -> {
          room |= outbox.acked(frame.seq(), frame.ack(), now, send);
          if (closeSent) {
            finish(CloseReason.LOCAL, deliver);
          }
        }
        case RESET -> {
          SessionEndpoint.LOG.info(
              "{}: reset by the peer: {}", this, new String(frame.payload(), UTF_8));
          finish(CloseReason.RESET, deliver);
        }
        default -> endpoint.counters().stray.incrementAndGet();
      }
      if (closeReceived && state != State.CLOSED && outbox.isEmpty()) {
        send.add(SessionFrame.control(Kind.CLOSE_ACK, flags(0), id, closeSeq, 0));
        finish(closeSent ? CloseReason.LOCAL : CloseReason.PEER, deliver);
      }
      if (room) {
        lock.notifyAll();
      }
      // queued under the lock, so the order of deliveries is the order of events
      deliver.forEach(endpoint::deliver);
    }
    transmit(send);
  }

  @GuardedBy("lock")
  private void take(SessionFrame frame, List<SessionFrame> send, List<Runnable> deliver) {
    if (undelivered >= settings.reorderBuffer()) {
      endpoint.counters().overflow.incrementAndGet();
      return;
    }
    List<SessionFrame> ready = new ArrayList<>();
    switch (inbox.offer(frame, ready)) {
      case DUPLICATE -> {
        endpoint.counters().duplicates.incrementAndGet();
        send.add(SessionFrame.control(Kind.ACK, flags(0), id, frame.seq(), 0));
      }
      case OVERFLOW -> endpoint.counters().overflow.incrementAndGet();
      case ACCEPTED -> {
        send.add(SessionFrame.control(Kind.ACK, flags(0), id, frame.seq(), 0));
        for (SessionFrame f : ready) {
          if (f.kind() == Kind.CLOSE) {
            closeReceived = true;
            closeSeq = f.seq();
            if (state == State.OPEN) {
              state = State.CLOSING;
              closingSince = endpoint.now();
              lock.notifyAll();
            }
          } else {
            undelivered++;
            deliver.add(() -> dispatch(f));
          }
        }
      }
    }
  }

  /** Hands one in-order DATA frame to the application. Delivery thread. */
  private void dispatch(SessionFrame frame) {
    synchronized (lock) {
      undelivered--;
    }
    SessionFrame f = keys == null ? frame : keys.open(frame);
    if (f == null) {
      return;
    }
    if (f.has(SessionFrame.REPLY)) {
      PendingRequest pending;
      synchronized (lock) {
        pending = requests.remove(f.correlation());
      }
      if (pending == null) {
        endpoint.counters().lateReplies.incrementAndGet();
      } else if (f.has(SessionFrame.ERROR)) {
        pending
            .reply()
            .completeExceptionally(
                new SessionException(
                    SessionException.Reason.REFUSED,
                    "refused by "
                        + peer
                        + ": "
                        + new String(
                            f.payload(),
                            0,
                            Math.min(f.payload().length, SessionFrame.MAX_REASON_BYTES),
                            UTF_8)));
      } else {
        pending.reply().complete(f.payload());
      }
    } else if (f.has(SessionFrame.REQUEST)) {
      CompletableFuture<byte[]> answer;
      try {
        answer = Objects.requireNonNull(handler.onRequest(this, f.payload()), "onRequest result");
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.whenComplete((bytes, failure) -> answer(f.correlation(), bytes, failure));
    } else {
      handler.onMessage(this, f.payload());
    }
  }

  private void answer(long correlation, byte[] bytes, Throwable failure) {
    try {
      if (failure == null && bytes != null) {
        sendData(SessionFrame.REPLY, correlation, bytes.clone());
      } else {
        Throwable cause =
            failure instanceof java.util.concurrent.CompletionException
                    && failure.getCause() != null
                ? failure.getCause()
                : failure;
        String reason =
            cause == null
                ? "no reply"
                : cause.getMessage() == null
                    ? cause.getClass().getSimpleName()
                    : cause.getMessage();
        byte[] text = reason.getBytes(UTF_8);
        if (text.length > SessionFrame.MAX_REASON_BYTES) {
          text = java.util.Arrays.copyOf(text, SessionFrame.MAX_REASON_BYTES);
        }
        sendData(SessionFrame.REPLY | SessionFrame.ERROR, correlation, text);
      }
    } catch (SessionException e) {
      SessionEndpoint.LOG.debug("{}: reply {} not sent: {}", this, correlation, e.getMessage());
    }
  }

  /** Retransmissions, the idle and close timeouts, request deadlines. Ticker thread. */
  void tick(long now, boolean connected) {
    if (keys != null && state() == State.OPEN) {
      keys.checkCredential(now);
    }
    List<SessionFrame> send = new ArrayList<>();
    List<Runnable> deliver = new ArrayList<>();
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      Outbox.Retransmits r = connected ? outbox.overdue(now, send) : Outbox.Retransmits.NONE;
      endpoint.counters().retransmitted.addAndGet(r.count());
      for (Iterator<Map.Entry<Long, PendingRequest>> it = requests.entrySet().iterator();
          it.hasNext(); ) {
        PendingRequest p = it.next().getValue();
        if (p.deadline() <= now) {
          it.remove();
          deliver.add(
              () ->
                  p.reply()
                      .completeExceptionally(
                          new SessionException(
                              SessionException.Reason.TIMEOUT,
                              this + ": no reply within the deadline")));
        }
      }
      if (r.exhaustedSeq() >= 0) {
        SessionEndpoint.LOG.debug(
            "{}: frame {} unacknowledged after {} retransmissions",
            this,
            r.exhaustedSeq(),
            settings.maxRetries());
        send.add(reset("unreachable"));
        finish(CloseReason.UNREACHABLE, deliver);
      } else if (now - lastHeard >= settings.idleTimeout().toMillis()) {
        send.add(reset("idle timeout"));
        finish(CloseReason.IDLE, deliver);
      } else if (state == State.CLOSING
          && now - closingSince >= settings.closeTimeout().toMillis()) {
        finish(closeSent ? CloseReason.LOCAL : CloseReason.PEER, deliver);
      }
      // queued under the lock, so the order of deliveries is the order of events
      deliver.forEach(endpoint::deliver);
    }
    transmit(send);
  }

  /** Ends the session because its endpoint closes; the peer gets a RESET. */
  void abort() {
    abort("endpoint closed", CloseReason.ENDPOINT_CLOSED);
  }

  /** Ends the session for {@code reason}; the peer gets a RESET saying {@code why}. */
  void abort(String why, CloseReason reason) {
    List<Runnable> deliver = new ArrayList<>();
    List<SessionFrame> send = new ArrayList<>();
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      send.add(reset(why));
      finish(reason, deliver);
      // queued under the lock, so the order of deliveries is the order of events
      deliver.forEach(endpoint::deliver);
    }
    transmit(send);
  }

  private SessionFrame reset(String why) {
    byte[] text = why.getBytes(UTF_8);
    if (text.length > SessionFrame.MAX_REASON_BYTES) {
      text = java.util.Arrays.copyOf(text, SessionFrame.MAX_REASON_BYTES);
    }
    return new SessionFrame(Kind.RESET, flags(0), id, 0, 0, 0, text);
  }

  @GuardedBy("lock")
  private void finish(CloseReason reason, List<Runnable> deliver) {
    state = State.CLOSED;
    lock.notifyAll();
    endpoint.forget(this, reason == CloseReason.LOCAL || reason == CloseReason.PEER);
    List<PendingRequest> failed = new ArrayList<>(requests.values());
    requests.clear();
    deliver.add(
        () -> {
          SessionException end =
              new SessionException(
                  SessionException.Reason.CLOSED,
                  this + ": closed (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ")");
          failed.forEach(p -> p.reply().completeExceptionally(end));
          try {
            handler.onClose(this, reason);
          } finally {
            closed.complete(reason);
          }
        });
  }

  /** Sends frames, each stamped with the current cumulative acknowledgement. */
  private void transmit(List<SessionFrame> frames) {
    if (frames.isEmpty()) {
      return;
    }
    long ack;
    synchronized (lock) {
      ack = inbox.expected();
    }
    for (SessionFrame f : frames) {
      endpoint.transmit(
          peer,
          new SessionFrame(
              f.kind(), f.flags(), f.sessionId(), f.seq(), ack, f.correlation(), f.payload()));
    }
  }

  /** The KeyPackage sent with OPEN_ACK (acceptor) or received in it (opener); null without MLS. */
  byte[] keyPackage() {
    return keys == null ? null : keys.keyPackage();
  }

  long now() {
    return endpoint.now();
  }

  Counters counters() {
    return endpoint.counters();
  }

  /** Runs {@link SessionHandler#onOpen}. Delivery thread. */
  void opened() {
    handler.onOpen(this);
  }
}
