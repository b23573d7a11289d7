package dev.weft.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.CallContext;

/**
 * A capability registered by function rather than by an annotated method. Called on a virtual
 * thread of its own, one per call, which is interrupted when the call's deadline passes or its task
 * is cancelled.
 */
@FunctionalInterface
public interface CapabilityHandler {

  /**
   * Serves one call.
   *
   * @param params the call's parameters (a JSON object)
   * @param ctx the call's context
   * @return the result: anything Jackson can write as JSON, or null for {@code {}}; a {@link
   *     java.util.stream.Stream} or {@link java.util.Iterator} streams its elements as partial
   *     results
   * @throws dev.weft.agent.AgentException to answer with a chosen error; any other exception is
   *     answered as an internal error without its message
   */
  Object handle(JsonNode params, CallContext ctx) throws Exception;
}
