package dev.weft.fabric.session;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.fabric.mls.MlsCommit;
import dev.weft.fabric.mls.MlsException;
import dev.weft.fabric.mls.MlsGroup;
import dev.weft.fabric.mls.MlsMessage;
import dev.weft.identity.spiffeid.SpiffeId;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * The MLS side of one {@link Session}: its two-member group, the peer's proven SPIFFE ID, the
 * sealing and opening of DATA payloads, and the re-key after an SVID rotation. The session keeps
 * the reliability; this keeps the keys.
 *
 * <p>The opener creates the group and adds the acceptor by the KeyPackage that came with OPEN_ACK;
 * the acceptor joins with the Welcome, the session's first DATA. Every later DATA payload is an MLS
 * PrivateMessage whose authenticated data is the frame's header ({@link #header}). When a side's
 * SVID rotates, the opener makes a new group (bcmls cannot change a leaf's signature key in place)
 * and sends its Welcome; the group before is kept to read what the peer protected before it saw the
 * new one.
 */
final class SessionKeys {

  /** How often a session looks for a rotated SVID. */
  static final long CREDENTIAL_CHECK_MILLIS = 1000;

  private final Session session;
  private final SessionEndpoint.Mls mls;

  /** Acceptor: the KeyPackage sent with OPEN_ACK. Opener: the one received (null if none). */
  private final byte[] keyPackage;

  /** The group, once the handshake is done. */
  private volatile MlsGroup group;

  /** The group before the last re-key. */
  private volatile MlsGroup previous;

  /** The peer's SPIFFE ID, as its MLS credential proves it. */
  private volatile SpiffeId peerIdentity;

  /** The certificate this side's leaf was made with; another one now means a re-key. */
  private volatile X509Certificate ownCredential;

  @GuardedBy("this")
  private boolean rekeying;

  @GuardedBy("this")
  private long credentialCheckedAt;

  SessionKeys(Session session, SessionEndpoint.Mls mls, byte[] keyPackage) {
    this.session = session;
    this.mls = mls;
    this.keyPackage = keyPackage;
  }

  byte[] keyPackage() {
    return keyPackage;
  }

  SpiffeId peerIdentity() {
    return peerIdentity;
  }

  boolean ready() {
    return group != null;
  }

  long epoch() {
    MlsGroup g = group;
    return g == null ? -1 : g.epoch();
  }

  /**
   * Opener: the group is made with {@code credential} and the acceptor added; the session sends the
   * Welcome next.
   */
  void started(MlsGroup made, X509Certificate credential, long now) {
    List<SpiffeId> members = made.members();
    peerIdentity = members.get(members.size() - 1);
    ownCredential = credential;
    synchronized (this) {
      credentialCheckedAt = now;
    }
    group = made;
  }

  /**
   * The payload as sent: an MLS PrivateMessage of the current group with the header bound to it.
   *
   * @throws UncheckedMlsException when bcmls cannot protect it
   */
  byte[] seal(long seq, int flags, long correlation, byte[] payload) {
    try {
      return group.protect(header(seq, flags, correlation), payload);
    } catch (MlsException e) {
      throw new UncheckedMlsException(e);
    }
  }

  /** The header fields an MLS message's authenticated data binds: the frame cannot be moved. */
  private byte[] header(long seq, int flags, long correlation) {
    return ByteBuffer.allocate(25)
        .putLong(session.id())
        .putLong(seq)
        .put((byte) flags)
        .putLong(correlation)
        .array();
  }

  /** Carries an {@link MlsException} out of the outbox's frame factory. */
  static final class UncheckedMlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedMlsException(MlsException cause) {
      super(cause);
    }
  }

  /**
   * Reads an in-order DATA frame: joins on the Welcome, answers or applies a KeyPackage of a
   * re-key, else decrypts and checks that the authenticated header is this frame's and the signer
   * is the peer. Returns the frame with its plaintext, or null when there is nothing to deliver.
   * Delivery thread.
   */
  SessionFrame open(SessionFrame f) {
    MlsGroup g = group;
    if (f.has(SessionFrame.KEY_PACKAGE)) {
      if (g == null) {
        session.refuse("mls: a KeyPackage before the Welcome (expected: the Welcome first)");
      } else {
        onKeyPackage(f);
      }
      return null;
    }
    if (f.has(SessionFrame.WELCOME)) {
      if (session.initiator()) {
        session.refuse("mls: a Welcome to the opener (expected: Welcomes only from the opener)");
      } else if (g != null) {
        rejoin(f.payload());
      } else if (join(f.payload())) {
        session.opened();
      }
      return null;
    }
    if (g == null) {
      session.refuse("mls: DATA before the Welcome (expected: the Welcome first)");
      return null;
    }
    MlsGroup before = previous;
    MlsGroup at = before != null && !g.isFor(f.payload()) && before.isFor(f.payload()) ? before : g;
    MlsMessage m;
    try {
      m = at.unprotect(f.payload());
    } catch (MlsException e) {
      session.dropped(f, e.getMessage());
      return null;
    }
    if (!Arrays.equals(m.authenticatedData(), header(f.seq(), f.flags(), f.correlation()))) {
      session.dropped(f, "its authenticated header is another frame's (moved or replayed)");
      return null;
    }
    if (!m.sender().equals(peerIdentity)) {
      session.dropped(f, "sender " + m.sender() + " (expected: the peer, " + peerIdentity + ")");
      return null;
    }
    return new SessionFrame(
        f.kind(), f.flags(), f.sessionId(), f.seq(), f.ack(), f.correlation(), m.plaintext());
  }

  /** The acceptor: joins with the opener's first Welcome; false if refused (the session ends). */
  private boolean join(byte[] welcome) {
    try {
      X509Certificate mine = mls.member().credential();
      MlsGroup joined = MlsGroup.join(mls.member(), welcome, mls.admit());
      peerIdentity = joined.members().get(0);
      ownCredential = mine;
      synchronized (this) {
        credentialCheckedAt = session.now();
      }
      group = joined;
      return true;
    } catch (MlsException e) {
      session.refuse("mls: " + e.getMessage());
      return false;
    }
  }

  /**
   * Starts a re-key when this side's SVID rotated: the acceptor sends a fresh KeyPackage, the
   * opener asks for one. Ticker thread.
   */
  void checkCredential(long now) {
    synchronized (this) {
      if (group == null || rekeying || now - credentialCheckedAt < CREDENTIAL_CHECK_MILLIS) {
        return;
      }
      credentialCheckedAt = now;
      if (mls.member().credential().equals(ownCredential)) {
        return;
      }
      rekeying = true;
    }
    SessionEndpoint.LOG.info("{}: this side's SVID rotated, re-keying the session", session);
    if (session.initiator()) {
      session.sendClear(SessionFrame.KEY_PACKAGE, new byte[0]);
      return;
    }
    try {
      session.sendClear(SessionFrame.KEY_PACKAGE, mls.member().publishKeyPackage());
    } catch (MlsException e) {
      SessionEndpoint.LOG.warn("{}: no KeyPackage for a re-key: {}", session, e.getMessage());
      synchronized (this) {
        rekeying = false;
      }
    }
  }

  /** A KEY_PACKAGE frame: the opener re-keys with it; the acceptor answers a request. */
  private void onKeyPackage(SessionFrame f) {
    if (!session.initiator()) {
      if (f.payload().length > 0) {
        session.dropped(f, "a KeyPackage from the opener (expected: an empty request)");
        return;
      }
      try {
        session.sendClear(SessionFrame.KEY_PACKAGE, mls.member().publishKeyPackage());
      } catch (MlsException e) {
        SessionEndpoint.LOG.warn("{}: no KeyPackage for a re-key: {}", session, e.getMessage());
      }
      return;
    }
    if (f.payload().length == 0) {
      session.dropped(f, "an empty KEY_PACKAGE from the acceptor (expected: a KeyPackage)");
      return;
    }
    try {
      X509Certificate mine = mls.member().credential();
      MlsGroup fresh = MlsGroup.create(mls.member(), mls.admit());
      MlsCommit added = fresh.add(f.payload());
      List<SpiffeId> members = fresh.members();
      SpiffeId peerNow = members.get(members.size() - 1);
      if (!peerNow.equals(peerIdentity)) {
        session.refuse("mls: re-key: the peer is " + peerNow + " (expected: " + peerIdentity + ")");
        return;
      }
      // the switch and the Welcome are one step for the session: nothing sealed with the new
      // group goes out before its Welcome
      session.switchKeys(() -> switchTo(fresh, mine), added.welcome());
      session.counters().rekeyed.incrementAndGet();
      SessionEndpoint.LOG.info("{}: re-keyed, a new MLS group for the current SVIDs", session);
    } catch (MlsException e) {
      session.refuse("mls: re-key: " + e.getMessage());
    }
  }

  /** The acceptor: the opener's Welcome to the group of a re-key. */
  private void rejoin(byte[] welcome) {
    try {
      X509Certificate mine = mls.member().credential();
      MlsGroup joined = MlsGroup.join(mls.member(), welcome, mls.admit());
      SpiffeId opener = joined.members().get(0);
      if (!opener.equals(peerIdentity)) {
        session.refuse("mls: re-key: the peer is " + opener + " (expected: " + peerIdentity + ")");
        return;
      }
      switchTo(joined, mine);
      session.counters().rekeyed.incrementAndGet();
      SessionEndpoint.LOG.info("{}: re-keyed, joined the opener's new MLS group", session);
    } catch (MlsException e) {
      session.refuse("mls: re-key: " + e.getMessage());
    }
  }

  private void switchTo(MlsGroup next, X509Certificate credential) {
    previous = group;
    group = next;
    ownCredential = credential;
    synchronized (this) {
      rekeying = false;
    }
  }
}
