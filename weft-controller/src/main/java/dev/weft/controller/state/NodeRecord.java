package dev.weft.controller.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A node that registered with the controller. Instants are stored to the millisecond; a record read
 * back has them truncated to it.
 *
 * @param id unique in the fabric: 1-63 characters of {@code [A-Za-z0-9._-]}
 * @param domain the node's domain, same rule
 * @param spiffeId the SPIFFE ID the node proved when it registered
 * @param localEndpoint {@code host:port} where it listens
 * @param externalEndpoint {@code host:port} other nodes dial, or empty when they cannot dial it
 * @param connected whether its control channel is open
 * @param registeredAt when it first registered
 * @param lastSeen when it last registered, or its channel last closed
 */
public record NodeRecord(
    String id,
    String domain,
    String spiffeId,
    String localEndpoint,
    String externalEndpoint,
    boolean connected,
    Instant registeredAt,
    Instant lastSeen) {
  /**
   * @throws IllegalArgumentException naming the field, its value and what was expected
   */
  public NodeRecord {
    Check.id("node id", id);
    Check.id("node " + id + ": domain", domain);
    Check.spiffeId("node " + id + ": spiffeId", spiffeId);
    Check.endpoint("node " + id + ": localEndpoint", localEndpoint);
    Objects.requireNonNull(externalEndpoint, "externalEndpoint");
    if (!externalEndpoint.isEmpty()) {
      Check.endpoint("node " + id + ": externalEndpoint", externalEndpoint);
    }
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  /** This node with {@code connected} and {@code lastSeen} changed. */
  public NodeRecord withConnection(boolean connected, Instant lastSeen) {
    return new NodeRecord(
        id, domain, spiffeId, localEndpoint, externalEndpoint, connected, registeredAt, lastSeen);
  }
}
