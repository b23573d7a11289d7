package dev.weft.fabric.session;

import java.util.concurrent.CompletableFuture;

/**
 * Receives one session's events. All calls for the sessions of one {@link SessionEndpoint} are made
 * on that endpoint's delivery thread, one at a time, in order: {@link #onOpen} first, then the
 * messages and requests in the peer's order, then {@link #onClose} once. They may block (sending
 * from here waits for room as from any thread) but hold up the endpoint's other sessions while they
 * do. An exception a callback throws is logged; for {@link #onRequest} it refuses the request.
 */
public interface SessionHandler {

  /** The session is open: for an accepted session, before its first message. */
  default void onOpen(Session session) {}

  /** A message, exactly once and in the order the peer sent it. */
  void onMessage(Session session, byte[] payload);

  /**
   * A request from the peer's {@link Session#request}; the returned future's value is the reply, a
   * failed future (or an exception thrown here) refuses it with the failure's message. Default:
   * refuses with {@code no request handler}.
   */
  default CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
    return CompletableFuture.failedFuture(
        new SessionException(SessionException.Reason.REFUSED, "no request handler"));
  }

  /** The session ended; called once, after every message that arrived before the end. */
  default void onClose(Session session, CloseReason reason) {}
}
