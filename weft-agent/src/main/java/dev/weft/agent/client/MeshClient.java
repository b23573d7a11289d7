package dev.weft.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.AgentClient;
import dev.weft.agent.AgentException;
import dev.weft.identity.spiffeid.SpiffeId;
import java.net.URI;

/** An {@link AgentClient} that also takes {@link CallOptions} per call. Thread-safe. */
public interface MeshClient extends AgentClient {

  /**
   * Calls {@code capability} on the agent at {@code address} that must present {@code target}.
   *
   * @throws AgentException with the failure's {@link dev.weft.agent.ErrorCode}
   */
  JsonNode call(
      SpiffeId target, URI address, String capability, JsonNode params, CallOptions options)
      throws AgentException;

  /**
   * Calls {@code capability} on the agent named {@code registryName} in the registry.
   *
   * @throws AgentException with the failure's code; NOT_FOUND for a name the registry lacks
   */
  JsonNode call(String registryName, String capability, JsonNode params, CallOptions options)
      throws AgentException;
}
