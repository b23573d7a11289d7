package dev.weft.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.CallContext;
import dev.weft.agent.Capability;

/**
 * The Azure processor: processes what the search agent found and sends it home to the AWS
 * orchestrator (registry name {@code aws_orchestrator}).
 */
public final class ProcessorAgent {

  /** Processes search results and delivers them to AWS. */
  @Capability(
      name = "search",
      description = "Processes search results, delivers to AWS",
      idempotent = true)
  public JsonNode search(JsonNode params, CallContext ctx) throws AgentException {
    return Hops.relay("azure", "search", ctx, "aws_orchestrator", "process", params);
  }

  /** Processes a payload directly. */
  @Capability(name = "process", description = "Processes a payload", idempotent = true)
  public JsonNode process(JsonNode params, CallContext ctx) {
    return Hops.hop("azure", "process", ctx, params);
  }
}
