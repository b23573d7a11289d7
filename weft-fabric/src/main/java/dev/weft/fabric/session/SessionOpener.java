package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.mls.MlsCommit;
import dev.weft.fabric.mls.MlsException;
import dev.weft.fabric.mls.MlsGroup;
import dev.weft.fabric.session.SessionFrame.Kind;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The opening side of a session: OPEN as a fabric request (anycast picks the instance whose
 * OPEN_ACK names it), retried with backoff, then for MLS the group, the acceptor's admission and
 * the Welcome. The endpoint keeps the sessions; this only gets them established.
 */
final class SessionOpener {
  private final SessionEndpoint endpoint;
  private final Carrier carrier;
  private final Settings settings;
  private final Counters counters;

  SessionOpener(SessionEndpoint endpoint, Carrier carrier, Settings settings, Counters counters) {
    this.endpoint = endpoint;
    this.carrier = carrier;
    this.settings = settings;
    this.counters = counters;
  }

  /** Opens a session to {@code name}, with MLS when {@code withMls} is not null. */
  Session open(Name name, SessionHandler handler, SessionEndpoint.Mls withMls)
      throws SessionException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    long id = endpoint.newId();
    int flags = SessionFrame.INITIATOR | (withMls == null ? 0 : SessionFrame.MLS);
    byte[] open = SessionFrame.control(Kind.OPEN, flags, id, 0, 0).encode();
    endpoint.opening(id, true);
    try {
      for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
        long wait =
            Math.min(
                settings.retransmitTimeout().toMillis() << Math.min(attempt, 20),
                settings.maxBackoff().toMillis());
        if (attempt > 0) {
          counters.retransmitted.incrementAndGet();
        }
        Session session;
        try {
          // established on the I/O thread that receives OPEN_ACK, before the peer's next frame
          session =
              carrier
                  .request(name, open, Duration.ofMillis(wait))
                  .thenApply(reply -> established(name, id, reply, handler, withMls))
                  .get(wait + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof SessionException refused) {
            throw refused;
          }
          if (e.getCause() instanceof FabricException f && f.code() == ErrorCode.UNAVAILABLE) {
            continue;
          }
          if (e.getCause() instanceof FabricException f) {
            throw new SessionException(
                f.code() == ErrorCode.UNDELIVERABLE
                    ? SessionException.Reason.REFUSED
                    : SessionException.Reason.FABRIC,
                "open " + name + ": " + f.getMessage(),
                f);
          }
          throw new SessionException(
              SessionException.Reason.FABRIC, "open " + name + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SessionException(
              SessionException.Reason.CLOSED, "open " + name + ": interrupted", e);
        }
        if (session != null) {
          return withMls == null ? session : handshake(name, session, withMls);
        }
      }
    } finally {
      endpoint.opening(id, false);
    }
    throw new SessionException(
        SessionException.Reason.UNREACHABLE,
        "open " + name + ": no OPEN_ACK after " + (settings.maxRetries() + 1) + " attempts");
  }

  /**
   * Opener of an MLS session: creates the group, admits the acceptor by its KeyPackage and sends it
   * the Welcome. A refused credential resets the session.
   */
  private Session handshake(Name name, Session session, SessionEndpoint.Mls withMls)
      throws SessionException {
    byte[] keyPackage = session.keyPackage();
    if (keyPackage == null) {
      session.refuse("mls: OPEN_ACK without a KeyPackage (expected: the acceptor's)");
      throw new SessionException(
          SessionException.Reason.REFUSED,
          "open " + name + ": the peer sent no MLS KeyPackage (it does not use MLS)");
    }
    try {
      java.security.cert.X509Certificate credential = withMls.member().credential();
      MlsGroup group = MlsGroup.create(withMls.member(), withMls.admit());
      MlsCommit added = group.add(keyPackage);
      session.startEncrypted(group, added.welcome(), credential);
      return session;
    } catch (MlsException e) {
      session.refuse("mls: " + e.getMessage());
      throw new SessionException(
          SessionException.Reason.REFUSED, "open " + name + ": " + e.getMessage(), e);
    }
  }

  private Session established(
      Name name, long id, Message reply, SessionHandler handler, SessionEndpoint.Mls withMls) {
    SessionFrame ack;
    try {
      ack = SessionFrame.decode(reply.payload());
    } catch (IllegalArgumentException e) {
      counters.malformed.incrementAndGet();
      SessionEndpoint.LOG.debug(
          "session endpoint: malformed OPEN_ACK from {}: {}", reply.source(), e.getMessage());
      return null;
    }
    if (ack.kind() == Kind.RESET && ack.sessionId() == id) {
      throw new java.util.concurrent.CompletionException(
          new SessionException(
              SessionException.Reason.REFUSED,
              "open " + name + ": refused by the peer: " + new String(ack.payload(), UTF_8)));
    }
    if (ack.kind() != Kind.OPEN_ACK || ack.sessionId() != id || reply.source().isEmpty()) {
      counters.stray.incrementAndGet();
      return null;
    }
    byte[] keyPackage = ack.has(SessionFrame.MLS) ? ack.payload() : null;
    Session session =
        new Session(
            endpoint,
            id,
            name,
            reply.source().get(),
            true,
            handler,
            endpoint.now(),
            withMls,
            keyPackage);
    endpoint.opened(session);
    counters.opened.incrementAndGet();
    if (withMls == null) {
      endpoint.deliver(session::opened); // with MLS: once the Welcome is on its way
    }
    return session;
  }
}
