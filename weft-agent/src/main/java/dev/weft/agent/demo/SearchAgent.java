package dev.weft.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.CallContext;
import dev.weft.agent.Capability;

/**
 * The GCP search agent: searches, then asks the Azure processor (registry name {@code
 * azure_processor}).
 */
public final class SearchAgent {

  /** Searches and forwards the result to Azure for processing. */
  @Capability(name = "search", description = "Searches and forwards to Azure", idempotent = true)
  public JsonNode search(JsonNode params, CallContext ctx) throws AgentException {
    return Hops.relay("gcp", "search", ctx, "azure_processor", "search", params);
  }
}
