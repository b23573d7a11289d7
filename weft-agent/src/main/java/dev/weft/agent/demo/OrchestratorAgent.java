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

  /** Liveness for callers. */
  @Capability(name = "ping", description = "Answers pong", idempotent = true)
  public JsonNode ping(JsonNode params, CallContext ctx) {
    return Hops.hop("aws", "ping", ctx, null);
  }
}
