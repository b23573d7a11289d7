package dev.weft.cli.agent;

import dev.weft.cli.CliException;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Duration;

/**
 * What {@code weft call --via-fabric} calls through: a fabric client on the node and a session
 * endpoint on it. Closes both.
 */
record ViaFabric(FabricClient client, SessionEndpoint sessions) implements AutoCloseable {

  /** The checked flags: the name, the node and the node's expected SPIFFE ID (or null). */
  record Target(Name name, String node, SpiffeId expectNode) {

    /**
     * Connects as {@code identity} and starts the session endpoint: MLS with the caller's SVID,
     * admitting any peer whose SVID chains to the bundles; the agent client then refuses a peer
     * that is not the {@code --agent} (UNAUTHENTICATED, before anything is sent).
     */
    ViaFabric connect(IdentitySource identity, Duration wait) throws CliException {
      FabricClient client;
      try {
        FabricClient.Builder b =
            FabricClient.builder(identity).node(node).connectTimeout(wait).sendTimeout(wait);
        if (expectNode != null) {
          b.expectNode(expectNode);
        }
        client = b.connect();
      } catch (FabricException e) {
        throw new CliException("fabric node " + node + ": " + e.getMessage(), e);
      }
      try {
        return new ViaFabric(
            client,
            SessionEndpoint.builder(client).mls(MlsMember.of(identity), id -> true).start());
      } catch (FabricException e) {
        client.close();
        throw new CliException("fabric node " + node + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Checks {@code --via-fabric} and {@code --node}.
   *
   * @throws CliException a usage error naming the flag
   */
  static Target target(String name, String node, SpiffeId expectNode, int usage)
      throws CliException {
    Name parsed;
    try {
      parsed = Name.parse(name);
    } catch (IllegalArgumentException e) {
      throw new CliException("--via-fabric: " + e.getMessage(), e, usage);
    }
    if (parsed.isInstance()) {
      throw new CliException(
          "--via-fabric: " + parsed + " (expected: a service name org/namespace/service)",
          null,
          usage);
    }
    try {
      FabricClient.builder(SwappableIdentitySource.empty()).node(node);
    } catch (IllegalArgumentException e) {
      throw new CliException("--" + e.getMessage(), e, usage);
    }
    return new Target(parsed, node, expectNode);
  }

  @Override
  public void close() {
    sessions.close();
    client.close();
  }
}
