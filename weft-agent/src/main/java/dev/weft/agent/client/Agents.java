package dev.weft.agent.client;

import java.util.Objects;

/**
 * Creates agent clients.
 *
 * <pre>{@code
 * try (MeshClient client = Agents.client(
 *     ClientConfig.builder(svidSource, authorizer).registry(AgentRegistry.fromMap(agents)).build())) {
 *   JsonNode hits = client.call("search", "search", params);
 * }
 * }</pre>
 */
public final class Agents {

  private Agents() {}

  /**
   * A client for {@code config}. It opens connections lazily, one pool per target SPIFFE ID and
   * address; closing it closes them.
   */
  public static MeshClient client(ClientConfig config) {
    return new DefaultAgentClient(Objects.requireNonNull(config, "config"));
  }
}
