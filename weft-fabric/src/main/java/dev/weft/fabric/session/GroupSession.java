package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.fabric.Name;
import dev.weft.fabric.mls.MlsCommit;
import dev.weft.fabric.mls.MlsException;
import dev.weft.fabric.mls.MlsGroup;
import dev.weft.fabric.mls.MlsMessage;
import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * An MLS group session on a channel: a moderator invites and removes members, every member receives
 * every other member's messages, and every join and leave starts a new epoch.
 *
 * <p>The moderator ({@link SessionEndpoint#createGroup}) holds one reliable session with each
 * member and is the group's sequencer: commits go out to the members over those sessions in one
 * order, and a member's message goes to the moderator, which checks it (it must decrypt, and be
 * signed by the member on that session) and relays the same ciphertext to the others. Members
 * ({@link SessionEndpoint#acceptInvites}) accept commits only from the moderator (the group's
 * creator, leaf 0). The sessions underneath are not themselves encrypted: everything that crosses
 * them is MLS (KeyPackages, Welcomes, commits and messages are PrivateMessages), so no node, and
 * not the moderator either, can make a message appear to come from another member.
 *
 * <p>On the member sessions, each payload is one byte of type, then the body:
 *
 * <pre>
 *  1 INVITE   moderator's request: the channel name (UTF-8); the reply is the member's KeyPackage
 *  2 WELCOME  moderator to a new member: the MLS Welcome
 *  3 COMMIT   moderator to the members: an MLS commit (a PrivateMessage)
 *  4 APP      either way: an MLS PrivateMessage of a member
 *  5 LEAVE    member to moderator: remove me
 *  6 REJOIN   member to moderator: my SVID rotated, here is a KeyPackage with the new one; the
 *             moderator replaces the member's leaf (one commit) and sends it a new WELCOME
 * </pre>
 */
public final class GroupSession implements AutoCloseable {

  static final byte INVITE = 1;
  static final byte WELCOME = 2;
  static final byte COMMIT = 3;
  static final byte APP = 4;
  static final byte LEAVE = 5;
  static final byte REJOIN = 6;

  private final SessionEndpoint endpoint;
  private final Name channel;
  private final GroupHandler handler;

  /** The group; a member's changes when it rejoins after an SVID rotation. */
  private volatile MlsGroup group;

  /** A member's group before its last rejoin: reads what was protected before it. */
  private volatile MlsGroup previous;

  /** The certificate this side's leaf was made with (a member's: for rotation). */
  private volatile java.security.cert.X509Certificate ownCredential;

  private final SessionEndpoint.Mls mls;
  private final AtomicBoolean rejoining = new AtomicBoolean();
  private volatile long credentialCheckedAt;

  private final SpiffeId moderatorId;

  /** A member's side: its session with the moderator. Null at the moderator. */
  private final Session toModerator;

  private final Object lock = new Object();

  /** The moderator's side: each member's session, and who is on it. */
  @GuardedBy("lock")
  private final Map<Session, Member> members = new LinkedHashMap<>();

  private final AtomicBoolean ended = new AtomicBoolean();

  /** One member as the moderator knows it: its SPIFFE ID and the epoch it joined in. */
  private record Member(SpiffeId id, Name name, long joinedEpoch) {}

  private GroupSession(
      SessionEndpoint endpoint,
      SessionEndpoint.Mls mls,
      Name channel,
      GroupHandler handler,
      MlsGroup group,
      SpiffeId moderatorId,
      Session toModerator,
      java.security.cert.X509Certificate ownCredential) {
    this.endpoint = endpoint;
    this.mls = mls;
    this.ownCredential = ownCredential;
    this.credentialCheckedAt = endpoint.now();
    this.channel = channel;
    this.handler = handler;
    this.group = group;
    this.moderatorId = moderatorId;
    this.toModerator = toModerator;
  }

  /** The moderator's side of a new group whose only member it is. */
  static GroupSession create(
      SessionEndpoint endpoint, SessionEndpoint.Mls mls, Name channel, GroupHandler handler)
      throws MlsException {
    java.security.cert.X509Certificate credential = mls.member().credential();
    MlsGroup group = MlsGroup.create(mls.member(), admission(mls, channel, handler));
    GroupSession created =
        new GroupSession(
            endpoint, mls, channel, handler, group, mls.member().id(), null, credential);
    endpoint.track(created);
    endpoint.deliver(() -> handler.onJoined(created));
    return created;
  }

  static Predicate<SpiffeId> admission(
      SessionEndpoint.Mls mls, Name channel, GroupHandler handler) {
    return id -> mls.admit().test(id) && handler.admit(channel, id);
  }

  /** A member's side, joined by the moderator's Welcome over {@code toModerator}. */
  static GroupSession member(
      SessionEndpoint endpoint,
      SessionEndpoint.Mls mls,
      Name channel,
      GroupHandler handler,
      MlsGroup group,
      SpiffeId moderatorId,
      Session toModerator,
      java.security.cert.X509Certificate ownCredential) {
    return new GroupSession(
        endpoint, mls, channel, handler, group, moderatorId, toModerator, ownCredential);
  }

  /** The channel's name. */
  public Name channel() {
    return channel;
  }

  /** Whether this side is the moderator. */
  public boolean moderator() {
    return toModerator == null;
  }

  /** The moderator's SPIFFE ID. */
  public SpiffeId moderatorId() {
    return moderatorId;
  }

  /** The current MLS epoch: one more with every join and leave. */
  public long epoch() {
    return group.epoch();
  }

  /** The members' SPIFFE IDs, the moderator first. */
  public List<SpiffeId> members() {
    return group.members();
  }

  /**
   * Moderator: invites the instance behind {@code name} (a name it {@link
   * SessionEndpoint#acceptInvites accepts invites} on) and adds it to the group after admission,
   * which starts a new epoch. Blocks until the member is added; not from a handler.
   *
   * @return the new member's SPIFFE ID, as its MLS credential proves it
   * @throws SessionException {@code REFUSED} when the invitee declines or its credential is not
   *     admitted, {@code TIMEOUT} when it does not answer within {@code timeout}, or as {@link
   *     SessionEndpoint#open} fails
   */
  public SpiffeId invite(Name name, Duration timeout) throws SessionException {
    Objects.requireNonNull(name, "name");
    requireModerator("invite");
    if (endpoint.onDeliveryThread()) {
      throw new IllegalStateException("invite: not from a handler (it waits for the invitee)");
    }
    Session session = endpoint.open(name, new MemberLink(), null);
    byte[] keyPackage;
    try {
      keyPackage =
          session
              .request(envelope(INVITE, channel.toString().getBytes(UTF_8)), timeout)
              .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      session.close();
      if (e.getCause() instanceof SessionException s) {
        throw new SessionException(s.reason(), "invite " + name + ": " + s.getMessage(), s);
      }
      throw new SessionException(
          SessionException.Reason.FABRIC, "invite " + name + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      session.close();
      throw new SessionException(
          SessionException.Reason.TIMEOUT, "invite " + name + ": no answer within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.close();
      throw new SessionException(
          SessionException.Reason.CLOSED, "invite " + name + ": interrupted", e);
    }
    SpiffeId added;
    long epoch;
    List<SpiffeId> now;
    synchronized (lock) {
      List<SpiffeId> before = group.members();
      MlsCommit commit;
      try {
        commit = group.add(keyPackage);
      } catch (MlsException e) {
        endpoint.counters().mlsRefused.incrementAndGet();
        SessionEndpoint.LOG.warn("group {}: {} not admitted: {}", channel, name, e.getMessage());
        session.abort("mls: " + e.getMessage(), CloseReason.REFUSED);
        throw new SessionException(
            SessionException.Reason.REFUSED, "invite " + name + ": " + e.getMessage(), e);
      }
      now = group.members();
      added = newcomer(before, now);
      epoch = commit.epoch();
      for (Session other : members.keySet()) {
        sendQuietly(other, COMMIT, commit.commit());
      }
      sendQuietly(session, WELCOME, commit.welcome());
      members.put(session, new Member(added, name, epoch));
    }
    SessionEndpoint.LOG.info("group {}: {} joined at epoch {}", channel, added, epoch);
    endpoint.deliver(() -> handler.onMembers(this, epoch, now));
    return added;
  }

  /**
   * Moderator: removes every member with {@code member}'s SPIFFE ID, which starts a new epoch that
   * member cannot read, and closes its session.
   *
   * @throws SessionException {@code REFUSED} if it is not a member (or is the moderator)
   */
  public void remove(SpiffeId member) throws SessionException {
    Objects.requireNonNull(member, "member");
    requireModerator("remove");
    List<Session> gone = new ArrayList<>();
    long epoch;
    List<SpiffeId> now;
    synchronized (lock) {
      MlsCommit commit;
      try {
        commit = group.remove(member);
      } catch (MlsException e) {
        throw new SessionException(SessionException.Reason.REFUSED, "remove: " + e.getMessage(), e);
      }
      members.entrySet().removeIf(e -> e.getValue().id().equals(member) && gone.add(e.getKey()));
      for (Session other : members.keySet()) {
        sendQuietly(other, COMMIT, commit.commit());
      }
      epoch = commit.epoch();
      now = group.members();
    }
    SessionEndpoint.LOG.info("group {}: {} removed, epoch {}", channel, member, epoch);
    gone.forEach(Session::close);
    endpoint.deliver(() -> handler.onMembers(this, epoch, now));
  }

  /**
   * Sends a message to every other member: MLS-protected here, relayed by the moderator.
   *
   * @throws SessionException {@code CLOSED} when the group ended for this side
   */
  public void publish(byte[] payload) throws SessionException {
    Objects.requireNonNull(payload, "payload");
    if (ended.get()) {
      throw new SessionException(SessionException.Reason.CLOSED, "group " + channel + ": closed");
    }
    if (toModerator != null) {
      toModerator.send(envelope(APP, protect(payload)));
      return;
    }
    synchronized (lock) {
      byte[] ciphertext = protect(payload);
      for (Session member : members.keySet()) {
        sendQuietly(member, APP, ciphertext);
      }
    }
  }

  /**
   * Leaves the group (a member: asks the moderator to remove it) or ends it (the moderator: closes
   * every member's session).
   */
  @Override
  public void close() {
    if (toModerator != null) {
      if (toModerator.state() == Session.State.OPEN) {
        sendQuietly(toModerator, LEAVE, new byte[0]);
      }
      toModerator.close();
      return;
    }
    List<Session> all;
    synchronized (lock) {
      all = new ArrayList<>(members.keySet());
      members.clear();
    }
    all.forEach(Session::close);
    endpoint.untrack(this);
    end(CloseReason.LOCAL);
  }

  @Override
  public String toString() {
    return "group " + channel + (moderator() ? " (moderator)" : " (member)");
  }

  private byte[] protect(byte[] payload) throws SessionException {
    try {
      return group.protect(payload);
    } catch (MlsException e) {
      throw new SessionException(SessionException.Reason.FABRIC, this + ": " + e.getMessage(), e);
    }
  }

  private void requireModerator(String what) {
    if (toModerator != null) {
      throw new IllegalStateException(what + ": only the moderator (" + moderatorId + ")");
    }
  }

  void end(CloseReason reason) {
    if (ended.compareAndSet(false, true)) {
      endpoint.deliver(() -> handler.onClose(this, reason));
    }
  }

  private void refused(String why) {
    endpoint.counters().mlsRefused.incrementAndGet();
    SessionEndpoint.LOG.warn("{}: refused: {}", this, why);
  }

  /** Moderator: a member's message. Delivery thread. */
  private void relay(Session from, byte[] ciphertext) {
    MlsMessage message;
    synchronized (lock) {
      Member sender = members.get(from);
      if (sender == null) {
        refused("a message from " + from.peer() + ", which is not a member");
        return;
      }
      try {
        message = groupFor(ciphertext).unprotect(ciphertext);
      } catch (MlsException e) {
        refused("a message from " + sender.id() + ": " + e.getMessage());
        return;
      }
      if (!message.sender().equals(sender.id())) {
        refused(
            "a message signed by "
                + message.sender()
                + " on the session of "
                + sender.id()
                + " (expected: its own)");
        return;
      }
      for (Map.Entry<Session, Member> e : members.entrySet()) {
        // a member that joined later cannot read an earlier epoch: it does not get the message
        if (e.getKey() != from && e.getValue().joinedEpoch() <= message.epoch()) {
          sendQuietly(e.getKey(), APP, ciphertext);
        }
      }
    }
    handler.onMessage(this, message.sender(), message.epoch(), message.plaintext());
  }

  /** Moderator: a member left or its session ended. */
  private void lost(Session session, String why) {
    SpiffeId id;
    synchronized (lock) {
      Member m = members.get(session);
      if (m == null) {
        return;
      }
      id = m.id();
    }
    SessionEndpoint.LOG.info("group {}: {} {}", channel, id, why);
    try {
      remove(id);
    } catch (SessionException e) {
      SessionEndpoint.LOG.warn("group {}: {} not removed: {}", channel, id, e.getMessage());
    }
  }

  /**
   * A member: looks once a second for a rotated SVID and then asks the moderator to replace its
   * leaf with one carrying the new SVID. Ticker thread.
   */
  void tick(long now) {
    if (ended.get()
        || rejoining.get()
        || now - credentialCheckedAt < SessionKeys.CREDENTIAL_CHECK_MILLIS) {
      return;
    }
    credentialCheckedAt = now;
    if (mls.member().credential().equals(ownCredential) || !rejoining.compareAndSet(false, true)) {
      return;
    }
    if (toModerator == null) {
      SessionEndpoint.LOG.info("{}: the moderator's SVID rotated, re-keying the group", this);
      Thread.ofVirtual().name("weft-group-rekey").start(this::rebuild);
      return;
    }
    SessionEndpoint.LOG.info("{}: this member's SVID rotated, asking to rejoin", this);
    try {
      toModerator.send(envelope(REJOIN, mls.member().publishKeyPackage()));
    } catch (MlsException | SessionException e) {
      SessionEndpoint.LOG.warn("{}: rejoin not asked: {}", this, e.getMessage());
      rejoining.set(false);
    }
  }

  /**
   * Moderator, after its own SVID rotated: a new group with the current SVIDs. Every member is
   * asked for a fresh KeyPackage over its session (INVITE again), all are added in one commit, and
   * each gets the Welcome; members switch and keep their {@code GroupSession}. A member that does
   * not answer is removed. Runs on its own thread: it waits for the members.
   */
  private void rebuild() {
    try {
      Map<Session, Member> now;
      synchronized (lock) {
        now = new LinkedHashMap<>(members);
      }
      Map<Session, byte[]> keyPackages = new LinkedHashMap<>();
      for (Session s : now.keySet()) {
        try {
          keyPackages.put(
              s,
              s.request(envelope(INVITE, channel.toString().getBytes(UTF_8)), REKEY_WAIT)
                  .get(REKEY_WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
          SessionEndpoint.LOG.warn("group {}: {} did not re-key: {}", channel, now.get(s).id(), e);
          s.close();
        }
      }
      java.security.cert.X509Certificate mine = mls.member().credential();
      MlsGroup fresh = MlsGroup.create(mls.member(), admission(mls, channel, handler));
      long epoch = 0;
      List<SpiffeId> roster;
      synchronized (lock) {
        keyPackages.keySet().retainAll(members.keySet());
        if (!keyPackages.isEmpty()) {
          MlsCommit commit = fresh.addAll(new ArrayList<>(keyPackages.values()));
          epoch = commit.epoch();
          for (Session s : keyPackages.keySet()) {
            sendQuietly(s, WELCOME, commit.welcome());
            members.put(s, new Member(members.get(s).id(), members.get(s).name(), 0));
          }
        }
        previous = group;
        group = fresh;
        ownCredential = mine;
        roster = fresh.members();
      }
      endpoint.counters().rekeyed.incrementAndGet();
      SessionEndpoint.LOG.info("group {}: re-keyed for the moderator's new SVID", channel);
      long at = epoch;
      endpoint.deliver(() -> handler.onMembers(this, at, roster));
    } catch (MlsException e) {
      refused("the moderator's re-key: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      rejoining.set(false);
    }
  }

  /** How long the moderator's re-key waits for each member's KeyPackage. */
  private static final Duration REKEY_WAIT = Duration.ofSeconds(10);

  /**
   * The group a received ciphertext belongs to: the current one, or the one before a re-key or
   * rejoin for what was protected before it.
   */
  private MlsGroup groupFor(byte[] ciphertext) {
    MlsGroup now = group;
    MlsGroup before = previous;
    if (before == null || (now.isFor(ciphertext) && MlsGroup.epochOf(ciphertext) >= now.epoch())) {
      return now;
    }
    return before.isFor(ciphertext) ? before : now;
  }

  /** Moderator: a member's KeyPackage with its rotated SVID. Delivery thread. */
  private void replace(Session session, byte[] keyPackage) {
    long epoch;
    List<SpiffeId> now;
    synchronized (lock) {
      Member m = members.get(session);
      if (m == null) {
        refused("a rejoin from " + session.peer() + ", which is not a member");
        return;
      }
      MlsCommit commit;
      try {
        commit = group.replace(m.id(), keyPackage);
      } catch (MlsException e) {
        refused("a rejoin of " + m.id() + ": " + e.getMessage());
        return;
      }
      for (Session other : members.keySet()) {
        if (other != session) {
          sendQuietly(other, COMMIT, commit.commit());
        }
      }
      sendQuietly(session, WELCOME, commit.welcome());
      epoch = commit.epoch();
      now = group.members();
    }
    SessionEndpoint.LOG.info(
        "group {}: a member rejoined with a new SVID, epoch {}", channel, epoch);
    handler.onMembers(this, epoch, now);
  }

  /** A member: the moderator's Welcome after a rejoin. Delivery thread. */
  void rejoined(byte[] welcome) {
    java.security.cert.X509Certificate mine = mls.member().credential();
    MlsGroup next;
    try {
      next = MlsGroup.join(mls.member(), welcome, admission(mls, channel, handler));
    } catch (MlsException e) {
      refused("a rejoin Welcome: " + e.getMessage());
      rejoining.set(false);
      return;
    }
    if (!next.members().getFirst().equals(moderatorId)) {
      // the moderator is leaf 0 both after a rejoin and after the moderator's own re-key
      refused(
          "a rejoin Welcome from "
              + next.members().getFirst()
              + " (expected: "
              + moderatorId
              + ")");
      rejoining.set(false);
      return;
    }
    previous = group;
    group = next;
    ownCredential = mine;
    rejoining.set(false);
    endpoint.counters().rekeyed.incrementAndGet();
    SessionEndpoint.LOG.info("{}: rejoined with the new SVID at epoch {}", this, next.epoch());
    handler.onMembers(this, next.epoch(), next.members());
  }

  /** A member: the moderator's commit. Delivery thread. */
  void onCommit(byte[] commit) {
    try {
      group.processCommitFrom(moderatorId, commit);
    } catch (MlsException e) {
      refused("a commit: " + e.getMessage());
      return;
    }
    handler.onMembers(this, group.epoch(), group.members());
  }

  /** A member: another member's message, relayed. Delivery thread. */
  void onApp(byte[] ciphertext) {
    MlsMessage message;
    MlsGroup now = group;
    MlsGroup before = previous;
    MlsGroup at = before != null && MlsGroup.epochOf(ciphertext) < now.epoch() ? before : now;
    try {
      message = at.unprotect(ciphertext);
    } catch (MlsException e) {
      refused("a message: " + e.getMessage());
      return;
    }
    handler.onMessage(this, message.sender(), message.epoch(), message.plaintext());
  }

  private static byte[] envelope(byte type, byte[] body) {
    byte[] out = new byte[1 + body.length];
    out[0] = type;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  private static void sendQuietly(Session session, byte type, byte[] body) {
    try {
      session.send(envelope(type, body));
    } catch (SessionException e) {
      SessionEndpoint.LOG.debug("{}: group message not sent: {}", session, e.getMessage());
    }
  }

  private static SpiffeId newcomer(List<SpiffeId> before, List<SpiffeId> after) {
    List<SpiffeId> left = new ArrayList<>(after);
    for (SpiffeId id : before) {
      left.remove(id);
    }
    return left.getFirst();
  }

  /** The moderator's handler of its sessions with the members. */
  private final class MemberLink implements SessionHandler {
    @Override
    public void onMessage(Session session, byte[] payload) {
      if (payload.length == 0) {
        refused("an empty group message from " + session.peer());
        return;
      }
      byte[] body = Arrays.copyOfRange(payload, 1, payload.length);
      switch (payload[0]) {
        case APP -> relay(session, body);
        case LEAVE -> lost(session, "left");
        case REJOIN -> replace(session, body);
        default -> refused("group message type " + payload[0] + " from a member");
      }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      lost(session, "is gone (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
  }
}
