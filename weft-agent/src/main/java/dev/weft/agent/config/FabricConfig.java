package dev.weft.agent.config;

import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code fabric} section: the agent attaches to a fabric node, serves its capabilities to calls
 * that come over the fabric, and may call other agents by fabric name. Every fabric session of the
 * agent is an MLS group, and the caller of a call over the fabric is its MLS-authenticated SPIFFE
 * ID.
 *
 * <pre>{@code
 * fabric:
 *   node: 127.0.0.1:7401                 # required: the node's local_endpoint, host:port
 *   name: example.org/agents/search      # where calls to this agent arrive; default: none
 *   expect_node: spiffe://example.org/fabric/node-a   # default: any node the bundles verify
 * }</pre>
 *
 * @param node the node's {@code local_endpoint}, {@code host:port}
 * @param name the fabric name ({@code org/namespace/service}) the agent accepts call sessions on;
 *     empty: the agent only calls out over the fabric
 * @param expectNode the SPIFFE ID the node must present; empty: any node whose SVID verifies
 */
public record FabricConfig(String node, Optional<Name> name, Optional<SpiffeId> expectNode) {

  /** Checks that nothing is null. */
  public FabricConfig {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expectNode, "expectNode");
  }
}
