package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.mls.MlsException;
import dev.weft.fabric.session.SessionFrame.Kind;
import java.util.Map;

/**
 * The accepting side of a session: an OPEN on an accepted name is answered with OPEN_ACK (with a
 * fresh KeyPackage for MLS), once per session however often it is retransmitted, or refused with a
 * RESET that says why (MLS on one side only, the endpoint at its limit of accepted sessions).
 */
final class SessionAcceptance {
  private final SessionEndpoint endpoint;
  private final Carrier carrier;
  private final Counters counters;
  private final Map<Name, SessionEndpoint.Acceptor> acceptors;
  private final Map<SessionEndpoint.Key, Session> accepted;
  private final int maxAccepted;

  SessionAcceptance(
      SessionEndpoint endpoint,
      Carrier carrier,
      Counters counters,
      Map<Name, SessionEndpoint.Acceptor> acceptors,
      Map<SessionEndpoint.Key, Session> accepted,
      int maxAccepted) {
    this.endpoint = endpoint;
    this.carrier = carrier;
    this.counters = counters;
    this.acceptors = acceptors;
    this.accepted = accepted;
    this.maxAccepted = maxAccepted;
  }

  /** An OPEN from {@code source}. The client's I/O thread. */
  void onOpen(Message message, SessionFrame frame, Name source) {
    SessionEndpoint.Acceptor acceptor = acceptors.get(message.name());
    if (acceptor == null || !message.request()) {
      counters.stray.incrementAndGet();
      return;
    }
    boolean wantsMls = frame.has(SessionFrame.MLS);
    if (wantsMls != (acceptor.mls() != null)) {
      counters.mlsRefused.incrementAndGet();
      refuseOpen(
          message,
          frame,
          wantsMls
              ? "mls: " + message.name() + " does not accept MLS sessions"
              : "mls: " + message.name() + " accepts MLS sessions only");
      return;
    }
    SessionEndpoint.Key key = new SessionEndpoint.Key(source, frame.sessionId());
    Session session = accepted.get(key);
    boolean created = false;
    if (session == null && accepted.size() >= maxAccepted) {
      counters.limited.incrementAndGet();
      refuseOpen(
          message,
          frame,
          "session endpoint: at its limit of " + maxAccepted + " accepted sessions, try later");
      return;
    }
    if (session == null) {
      byte[] keyPackage = null;
      if (wantsMls) {
        try {
          keyPackage = acceptor.mls().member().publishKeyPackage();
        } catch (MlsException e) {
          counters.mlsRefused.incrementAndGet();
          SessionEndpoint.LOG.warn(
              "session endpoint: no KeyPackage for a session from {}: {}", source, e.getMessage());
          refuseOpen(message, frame, "mls: " + e.getMessage());
          return;
        }
      }
      Session fresh =
          new Session(
              endpoint,
              frame.sessionId(),
              message.name(),
              source,
              false,
              acceptor.handler(),
              endpoint.now(),
              acceptor.mls(),
              keyPackage);
      session = accepted.putIfAbsent(key, fresh);
      if (session == null) {
        session = fresh;
        created = true;
      }
    }
    byte[] keyPackage = session.keyPackage();
    try {
      carrier.reply(
          message,
          new SessionFrame(
                  Kind.OPEN_ACK,
                  keyPackage == null ? 0 : SessionFrame.MLS,
                  frame.sessionId(),
                  0,
                  0,
                  0,
                  keyPackage == null ? new byte[0] : keyPackage)
              .encode());
    } catch (FabricException e) {
      SessionEndpoint.LOG.debug(
          "session endpoint: OPEN_ACK to {} not sent: {}", source, e.getMessage());
    }
    if (created) {
      // after OPEN_ACK is queued, so nothing the handler sends overtakes it; an MLS session is
      // open once the Welcome is read
      counters.opened.incrementAndGet();
      if (!session.encrypted()) {
        endpoint.deliver(session::opened);
      }
    }
  }

  private void refuseOpen(Message message, SessionFrame frame, String why) {
    SessionEndpoint.LOG.warn(
        "session endpoint: refused a session from {}: {}", message.source().orElse(null), why);
    try {
      carrier.reply(
          message,
          new SessionFrame(
                  Kind.RESET,
                  0,
                  frame.sessionId(),
                  0,
                  0,
                  0,
                  java.util.Arrays.copyOf(
                      why.getBytes(UTF_8),
                      Math.min(why.getBytes(UTF_8).length, SessionFrame.MAX_REASON_BYTES)))
              .encode());
    } catch (FabricException e) {
      SessionEndpoint.LOG.debug("session endpoint: RESET not sent: {}", e.getMessage());
    }
  }
}
