package dev.weft.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.CallContext;
import dev.weft.agent.Capability;

/**
 * The AWS orchestrator: starts the cross-cloud chain and receives its last hop. Its registry must
 * name the GCP search agent {@code gcp_search}.
 */
public final class OrchestratorAgent {

  /** Starts the chain AWS &rarr; GCP &rarr; Azure &rarr; AWS and returns every hop's answer. */
  @Capability(name = "cross_cloud_test", description = "Runs the AWS -> GCP -> Azure -> AWS chain")
  public JsonNode crossCloudTest(JsonNode params, CallContext ctx) throws AgentException {
    return Hops.relay("aws", "cross_cloud_test", ctx, "gcp_search", "search", params);
  }

  /** The chain's last hop: the processed result comes home. */
  @Capability(name = "process", description = "Receives processed results", idempotent = true)
  public JsonNode process(JsonNode params, CallContext ctx) {
    return Hops.hop("aws", "process", ctx, params);
  }

  /**
   * Seed 001's {@code call_remote}: calls {@code capability} on {@code target_agent} at {@code
   * target_address} (with {@code params}, default {@code {}}) as this agent, and returns the
   * answer. The policy decides on this agent's call like on any other.
   */
  @Capability(name = "call_remote", description = "Calls a capability of another agent")
  public JsonNode callRemote(JsonNode params, CallContext ctx) throws AgentException {
    String target = params.path("target_agent").asText("");
    String address = params.path("target_address").asText("");
    String capability = params.path("capability").asText("");
    if (target.isEmpty() || address.isEmpty() || capability.isEmpty()) {
      throw new AgentException(
          dev.weft.agent.ErrorCode.INVALID_ARGUMENT,
          "call_remote needs target_agent, target_address and capability");
    }
    dev.weft.identity.spiffeid.SpiffeId id;
    java.net.URI uri;
    try {
      id = dev.weft.identity.spiffeid.SpiffeId.parse(target);
      uri = java.net.URI.create(address);
    } catch (IllegalArgumentException e) {
      throw new AgentException(
          dev.weft.agent.ErrorCode.INVALID_ARGUMENT, "call_remote: " + e.getMessage());
    }
    JsonNode forwarded =
        params.has("params")
            ? params.get("params")
            : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    JsonNode answer =
        ctx.client()
            .call(
                id,
                uri,
                capability,
                forwarded,
                java.time.Duration.between(java.time.Instant.now(), ctx.deadline()));
    return Hops.hop("aws", "call_remote", ctx, answer);
  }

  /** Liveness for callers. */
  @Capability(name = "ping", description = "Answers pong", idempotent = true)
  public JsonNode ping(JsonNode params, CallContext ctx) {
    return Hops.hop("aws", "ping", ctx, null);
  }
}
