package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.fabric.Name;
import dev.weft.fabric.mls.MlsException;
import dev.weft.fabric.mls.MlsGroup;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A member's handler of the sessions moderators open to invite it: answers INVITE with a fresh
 * KeyPackage, joins on WELCOME, then applies commits and reads messages.
 */
final class GroupInvitations implements SessionHandler {
  private final SessionEndpoint endpoint;
  private final SessionEndpoint.Mls mls;
  private final GroupHandler handler;
  private final Map<Session, Name> invited = new ConcurrentHashMap<>();
  private final Map<Session, GroupSession> joined = new ConcurrentHashMap<>();

  GroupInvitations(SessionEndpoint endpoint, SessionEndpoint.Mls mls, GroupHandler handler) {
    this.endpoint = endpoint;
    this.mls = mls;
    this.handler = handler;
  }

  @Override
  public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
    if (payload.length == 0 || payload[0] != GroupSession.INVITE) {
      return refuse("group: expected an INVITE");
    }
    Name channel;
    try {
      channel = Name.parse(new String(payload, 1, payload.length - 1, UTF_8));
    } catch (IllegalArgumentException e) {
      return refuse("group: channel: " + e.getMessage());
    }
    GroupSession already = joined.get(session);
    if (already != null && !already.channel().equals(channel)) {
      return refuse("group: channel " + channel + " (expected: " + already.channel() + ")");
    }
    try {
      byte[] keyPackage = mls.member().publishKeyPackage();
      if (already == null) {
        invited.put(session, channel); // else: the moderator re-keys, its Welcome rejoins
      }
      return CompletableFuture.completedFuture(keyPackage);
    } catch (MlsException e) {
      return refuse("group: " + e.getMessage());
    }
  }

  private static CompletableFuture<byte[]> refuse(String why) {
    return CompletableFuture.failedFuture(
        new SessionException(SessionException.Reason.REFUSED, why));
  }

  @Override
  public void onMessage(Session session, byte[] payload) {
    if (payload.length == 0) {
      endpoint.counters().mlsRefused.incrementAndGet();
      return;
    }
    byte[] body = Arrays.copyOfRange(payload, 1, payload.length);
    GroupSession group = joined.get(session);
    switch (payload[0]) {
      case GroupSession.WELCOME -> welcome(session, body);
      case GroupSession.COMMIT -> {
        if (group != null) {
          group.onCommit(body);
        } else {
          stray(session, "a commit before the Welcome");
        }
      }
      case GroupSession.APP -> {
        if (group != null) {
          group.onApp(body);
        } else {
          stray(session, "a message before the Welcome");
        }
      }
      default -> stray(session, "group message type " + payload[0] + " from the moderator");
    }
  }

  private void welcome(Session session, byte[] welcome) {
    GroupSession already = joined.get(session);
    if (already != null) {
      already.rejoined(welcome);
      return;
    }
    Name channel = invited.remove(session);
    if (channel == null) {
      stray(session, "a Welcome without an invitation");
      return;
    }
    MlsGroup group;
    java.security.cert.X509Certificate mine = mls.member().credential();
    try {
      group = MlsGroup.join(mls.member(), welcome, GroupSession.admission(mls, channel, handler));
    } catch (MlsException e) {
      endpoint.counters().mlsRefused.incrementAndGet();
      SessionEndpoint.LOG.warn("group {}: not joined: {}", channel, e.getMessage());
      session.abort("mls: " + e.getMessage(), CloseReason.REFUSED);
      return;
    }
    GroupSession g =
        GroupSession.member(
            endpoint, mls, channel, handler, group, group.members().getFirst(), session, mine);
    joined.put(session, g);
    endpoint.track(g);
    SessionEndpoint.LOG.info(
        "group {}: joined at epoch {}, moderator {}", channel, g.epoch(), g.moderatorId());
    handler.onJoined(g);
  }

  private void stray(Session session, String what) {
    endpoint.counters().mlsRefused.incrementAndGet();
    SessionEndpoint.LOG.warn("{}: refused {}", session, what);
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    invited.remove(session);
    GroupSession g = joined.remove(session);
    if (g != null) {
      endpoint.untrack(g);
      g.end(reason);
    }
  }
}
