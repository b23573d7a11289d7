package dev.weft.agent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.CallContext;

/** Builds the record of one hop of the chain: who answered, for whom, in which trace. */
final class Hops {

  private Hops() {}

  static ObjectNode hop(String cloud, String capability, CallContext ctx, JsonNode next) {
    return hop(cloud, capability, ctx, next, -1);
  }

  /**
   * One hop's record; {@code nextNanos} is how long the call to the next hop took, or -1 when this
   * hop called nobody.
   */
  static ObjectNode hop(
      String cloud, String capability, CallContext ctx, JsonNode next, long nextNanos) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("cloud", cloud);
    out.put("capability", capability);
    out.put("caller", ctx.caller().toString());
    out.put("trace_id", ctx.traceId());
    if (next != null) {
      out.set("next", next);
    }
    if (nextNanos >= 0) {
      out.put("next_latency_ms", Math.round(nextNanos / 10_000.0) / 100.0);
    }
    return out;
  }

  /** Calls the next hop and records the call's latency. */
  static ObjectNode relay(
      String cloud,
      String capability,
      CallContext ctx,
      String registryName,
      String nextCapability,
      JsonNode params)
      throws dev.weft.agent.AgentException {
    long start = System.nanoTime();
    JsonNode next = ctx.client().call(registryName, nextCapability, forward(params, cloud));
    return hop(cloud, capability, ctx, next, System.nanoTime() - start);
  }

  /** The message passed along the chain, with this cloud appended to its path. */
  static ObjectNode forward(JsonNode params, String cloud) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("message", params.path("message").asText("hello"));
    ArrayNode path = out.putArray("path");
    params.path("path").forEach(path::add);
    path.add(cloud);
    return out;
  }
}
