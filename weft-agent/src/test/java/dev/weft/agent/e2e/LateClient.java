package dev.weft.agent.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.AgentClient;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The client an agent server hands its capabilities, connected after every server of the mesh has
 * started (the registry needs their ports, the servers need the client when built).
 */
final class LateClient implements AgentClient {

  private volatile AgentClient delegate;

  void connect(AgentClient client) {
    this.delegate = client;
  }

  private AgentClient delegate() throws AgentException {
    AgentClient d = delegate;
    if (d == null) {
      throw new AgentException(ErrorCode.UNAVAILABLE, "the test mesh is not connected yet");
    }
    return d;
  }

  @Override
  public JsonNode call(
      SpiffeId target, URI address, String capability, JsonNode params, Duration timeout)
      throws AgentException {
    return delegate().call(target, address, capability, params, timeout);
  }

  @Override
  public JsonNode call(
      SpiffeId target, Name name, String capability, JsonNode params, Duration timeout)
      throws AgentException {
    return delegate().call(target, name, capability, params, timeout);
  }

  @Override
  public JsonNode call(String registryName, String capability, JsonNode params)
      throws AgentException {
    return delegate().call(registryName, capability, params);
  }

  @Override
  public JsonNode callWithFallback(List<String> registryNames, String capability, JsonNode params)
      throws AgentException {
    return delegate().callWithFallback(registryNames, capability, params);
  }

  @Override
  public void close() {
    AgentClient d = delegate;
    if (d != null) {
      d.close();
    }
  }
}
