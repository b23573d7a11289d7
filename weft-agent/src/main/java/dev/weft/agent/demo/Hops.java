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
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("cloud", cloud);
    out.put("capability", capability);
    out.put("caller", ctx.caller().toString());
    out.put("trace_id", ctx.traceId());
    if (next != null) {
      out.set("next", next);
    }
    return out;
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
