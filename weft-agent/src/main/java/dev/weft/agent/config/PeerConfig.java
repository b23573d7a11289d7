package dev.weft.agent.config;

import dev.weft.identity.spiffeid.SpiffeId;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the {@code agent_registry} section: another agent this one may call.
 *
 * <pre>{@code
 * agent_registry:
 *   gcp_agent:
 *     spiffe_id: "spiffe://example.org/region/gcp-us-central1/agent"
 *     address: "https://gcp-agent.tailnet-name.ts.net:8443"
 *     group: "search"
 * }</pre>
 *
 * @param name the entry's name: a letter or {@code _}, then letters, digits and {@code _}; unique
 *     ignoring case (so that its environment variables are unambiguous)
 * @param spiffeId the identity the peer must present; required
 * @param address the peer's {@code https} URI; required
 * @param group the failover group the peer belongs to; default none
 */
public record PeerConfig(String name, SpiffeId spiffeId, URI address, Optional<String> group) {
  /** Nothing may be null. */
  public PeerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spiffeId, "spiffeId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(group, "group");
  }
}
