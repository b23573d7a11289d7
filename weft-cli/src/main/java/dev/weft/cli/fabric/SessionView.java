package dev.weft.cli.fabric;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.fabric.session.Session;

/**
 * One session as {@code weft fabric session list} shows it, and as the admin socket of {@code weft
 * fabric session receive} answers it ({@code GET /sessions}: a JSON array of these).
 *
 * @param id the session id, 16 hex digits
 * @param name the name the session was opened to or accepted on
 * @param peer the peer's instance name
 * @param initiator whether this side opened it
 * @param state OPEN, CLOSING or CLOSED
 * @param encrypted whether the session is an MLS group
 * @param epoch the MLS epoch, -1 without MLS
 * @param peerIdentity the peer's MLS-authenticated SPIFFE ID; absent without MLS
 */
record SessionView(
    String id,
    String name,
    String peer,
    boolean initiator,
    String state,
    boolean encrypted,
    long epoch,
    @JsonProperty("peer_identity") @JsonInclude(JsonInclude.Include.NON_NULL) String peerIdentity) {

  /** The view of {@code session} now. */
  static SessionView of(Session session) {
    return new SessionView(
        hex(session.id()),
        session.name().toString(),
        session.peer().toString(),
        session.initiator(),
        session.state().name(),
        session.encrypted(),
        session.epoch(),
        session.peerIdentity().map(Object::toString).orElse(null));
  }

  /** A session id as 16 hex digits. */
  static String hex(long id) {
    return String.format("%016x", id);
  }
}
