package dev.weft.agent.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds and reads A2A 0.3 messages as Weft uses them for capability calls:
 *
 * <pre>{@code
 * {"kind": "message", "role": "user", "messageId": "<uuid>",
 *  "parts": [{"kind": "data", "data": {...params}}],
 *  "metadata": {"weft.capability": "search"}}
 * }</pre>
 *
 * The answer is the same shape with {@code "role": "agent"} and the result as the data part (a
 * non-object result wrapped as {@code {"value": result}}). Stateless and thread-safe.
 */
public final class A2aMessages {

  /** The message metadata key naming the capability called. */
  public static final String CAPABILITY = "weft.capability";

  /** The error data key naming the {@link dev.weft.agent.ErrorCode}. */
  public static final String ERROR = "weft.error";

  /** The A2A protocol version spoken. */
  public static final String PROTOCOL_VERSION = "0.3.0";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private A2aMessages() {}

  /** A user message calling {@code capability} with {@code params} (a JSON object). */
  public static ObjectNode capabilityCall(String capability, JsonNode params) {
    return message("user", capability, params);
  }

  /**
   * The agent's answer from {@code capability}: {@code result} as a data part; a result that is not
   * an object is wrapped as {@code {"value": result}}, and null answers {@code {}}.
   */
  public static ObjectNode capabilityResult(String capability, JsonNode result) {
    return message("agent", capability, asObject(result));
  }

  /** A data part holding {@code data}. */
  public static ObjectNode dataPart(JsonNode data) {
    ObjectNode part = JSON.objectNode().put("kind", "data");
    part.set("data", data);
    return part;
  }

  /** A text part holding {@code text}. */
  public static ObjectNode textPart(String text) {
    return JSON.objectNode().put("kind", "text").put("text", text);
  }

  /**
   * {@code result} as an object: itself when it is one, {@code {}} for null or JSON null, else
   * {@code {"value": result}}.
   */
  public static ObjectNode asObject(JsonNode result) {
    if (result == null || result.isNull() || result.isMissingNode()) {
      return JSON.objectNode();
    }
    if (result instanceof ObjectNode o) {
      return o;
    }
    ObjectNode wrapped = JSON.objectNode();
    wrapped.set("value", result);
    return wrapped;
  }

  /** The capability a message names in its metadata, or null when it names none. */
  public static String capabilityOf(JsonNode message) {
    JsonNode name = message.path("metadata").path(CAPABILITY);
    return name.isTextual() ? name.asText() : null;
  }

  /** The data of the first data part of {@code message}, or null when it has none. */
  public static JsonNode firstData(JsonNode message) {
    for (JsonNode part : message.path("parts")) {
      if ("data".equals(part.path("kind").asText()) && part.has("data")) {
        return part.get("data");
      }
    }
    return null;
  }

  private static ObjectNode message(String role, String capability, JsonNode data) {
    Objects.requireNonNull(capability, "capability");
    ObjectNode message =
        JSON.objectNode()
            .put("kind", "message")
            .put("role", role)
            .put("messageId", UUID.randomUUID().toString());
    ArrayNode parts = message.putArray("parts");
    parts.add(dataPart(data == null ? JSON.objectNode() : data));
    message.putObject("metadata").put(CAPABILITY, capability);
    return message;
  }
}
