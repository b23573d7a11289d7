package dev.weft.fabric.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One entry of a node's routing table, as {@code GET /v1/routes} shows it.
 *
 * @param name the name or name prefix
 * @param connection the id of the connection it leads to ({@code ""} for a static route whose link
 *     is down)
 * @param peer the SPIFFE ID at the other end
 * @param kind {@code local} (a client of this node) or {@code link} (another node)
 * @param source {@code static} (the config's routes), {@code subscription} (a client's subscribe,
 *     or one propagated over a link) or {@code controller}
 */
public record RouteInfo(
    @JsonProperty("name") String name,
    @JsonProperty("connection") String connection,
    @JsonProperty("peer") String peer,
    @JsonProperty("kind") String kind,
    @JsonProperty("source") String source) {

  /** Checks that no field is null. */
  public RouteInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
  }
}
