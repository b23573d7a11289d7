package dev.weft.fabric.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One connection of a node, as {@code GET /v1/connections} shows it.
 *
 * @param id the node-local connection id
 * @param kind {@code client}, {@code link-in} (another node dialed this one) or {@code link-out}
 * @param remote the remote address, {@code host:port}
 * @param peer the SPIFFE ID the peer proved ({@code ""} before the handshake)
 * @param state {@code handshaking}, {@code open}, {@code closing} or, for a link-out waiting to
 *     redial, {@code down}
 * @param queued frames written but not yet flushed to the socket
 * @param sent frames sent
 * @param received frames received
 * @param dropped frames dropped for this connection (slow consumer with {@code drop})
 */
public record ConnectionInfo(
    @JsonProperty("id") String id,
    @JsonProperty("kind") String kind,
    @JsonProperty("remote") String remote,
    @JsonProperty("peer") String peer,
    @JsonProperty("state") String state,
    @JsonProperty("queued") long queued,
    @JsonProperty("sent") long sent,
    @JsonProperty("received") long received,
    @JsonProperty("dropped") long dropped) {

  /** Checks that no field is null. */
  public ConnectionInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(state, "state");
  }
}
