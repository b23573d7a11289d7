package dev.weft.fabric.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A node, as {@code GET /v1/node} and {@code GET /v1/nodes} show it.
 *
 * @param id {@code node.id}
 * @param domain {@code node.domain}
 * @param trustDomain the trust domain of the node's SVID
 * @param spiffeId the node's SPIFFE ID
 * @param localEndpoint where it listens
 * @param externalEndpoint where other nodes reach it
 * @param controller the node's control channel, when it has a controller; null (absent from the
 *     JSON) otherwise, and for the linked nodes of {@code /v1/nodes}
 */
public record NodeInfo(
    @JsonProperty("id") String id,
    @JsonProperty("domain") String domain,
    @JsonProperty("trust_domain") String trustDomain,
    @JsonProperty("spiffe_id") String spiffeId,
    @JsonProperty("local_endpoint") String localEndpoint,
    @JsonProperty("external_endpoint") String externalEndpoint,
    @JsonProperty("controller") @JsonInclude(JsonInclude.Include.NON_NULL)
        ControllerInfo controller) {

  /** Checks that no field is null (unknown fields are empty). */
  public NodeInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(spiffeId, "spiffeId");
    Objects.requireNonNull(localEndpoint, "localEndpoint");
    Objects.requireNonNull(externalEndpoint, "externalEndpoint");
  }

  /** A node without a controller. */
  public NodeInfo(
      String id,
      String domain,
      String trustDomain,
      String spiffeId,
      String localEndpoint,
      String externalEndpoint) {
    this(id, domain, trustDomain, spiffeId, localEndpoint, externalEndpoint, null);
  }

  /** This node with its control channel. */
  public NodeInfo withController(ControllerInfo info) {
    return new NodeInfo(
        id,
        domain,
        trustDomain,
        spiffeId,
        localEndpoint,
        externalEndpoint,
        Objects.requireNonNull(info, "info"));
  }
}
