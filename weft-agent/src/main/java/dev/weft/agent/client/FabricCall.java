package dev.weft.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.a2a.FabricEnvelope;
import dev.weft.fabric.Name;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.fabric.session.SessionException;
import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * One capability call over the fabric, after the outbound policy allowed it: opens a session to the
 * name, checks that the peer's MLS-authenticated identity is exactly the target (a session without
 * MLS, or with another peer, is refused UNAUTHENTICATED before anything is sent), sends the
 * JSON-RPC request in a {@link FabricEnvelope} as a session request with the deadline, reads the
 * JSON-RPC answer as a direct call does, and closes the session.
 */
final class FabricCall {

  private FabricCall() {}

  static JsonNode call(
      SessionEndpoint sessions,
      SpiffeId target,
      Name name,
      JsonNode request,
      Instant deadline,
      String traceparent,
      Clock clock)
      throws AgentException {
    String who = target + " via fabric name " + name;
    Session session;
    try {
      session = sessions.open(name, (s, payload) -> {});
    } catch (SessionException e) {
      throw failure(who, e);
    }
    try {
      Optional<SpiffeId> peer = peerIdentity(session);
      if (peer.isEmpty()) {
        throw new AgentException(
            ErrorCode.UNAUTHENTICATED,
            "the fabric session to "
                + name
                + " is not MLS-authenticated (expected: a session with MLS proving "
                + target
                + "); nothing was sent");
      }
      if (!peer.get().equals(target)) {
        throw new AgentException(
            ErrorCode.UNAUTHENTICATED,
            "the fabric name "
                + name
                + " is served by "
                + peer.get()
                + " (expected: "
                + target
                + "); nothing was sent");
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new AgentException(
            ErrorCode.DEADLINE_EXCEEDED, "deadline exceeded calling " + who + "; nothing was sent");
      }
      byte[] envelope =
          new FabricEnvelope(
                  request, Optional.of(left.toMillis()), Optional.ofNullable(traceparent))
              .encode();
      byte[] reply;
      try {
        reply = session.request(envelope, left).get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof SessionException s
            ? failure(who, s)
            : new AgentException(
                ErrorCode.INTERNAL, "call to " + who + " failed: " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AgentException(ErrorCode.CANCELLED, "call to " + who + " interrupted", e);
      }
      return Wire.result(who, 200, reply);
    } finally {
      session.close();
    }
  }

  /** The peer's MLS-authenticated SPIFFE ID; empty without MLS. */
  private static Optional<SpiffeId> peerIdentity(Session session) {
    return session.encrypted() ? session.peerIdentity() : Optional.empty();
  }

  /** A session failure as the error a direct call would end in. */
  static AgentException failure(String who, SessionException e) {
    ErrorCode code =
        switch (e.reason()) {
          case TIMEOUT -> ErrorCode.DEADLINE_EXCEEDED;
          case REFUSED, CLOSED, UNREACHABLE, FABRIC -> ErrorCode.UNAVAILABLE;
        };
    String message =
        code == ErrorCode.DEADLINE_EXCEEDED
            ? "deadline exceeded calling " + who
            : who + " is unreachable: " + e.getMessage();
    return new AgentException(code, message, e);
  }
}
