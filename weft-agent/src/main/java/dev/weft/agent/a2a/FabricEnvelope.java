package dev.weft.agent.a2a;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A capability call as a fabric session request carries it: what the HTTP transport sends in
 * headers ({@code x-weft-deadline-ms}, {@code traceparent}) travels next to the JSON-RPC request in
 * one JSON object:
 *
 * <pre>{@code
 * {"deadline_ms": 4980, "traceparent": "00-...-01", "request": {"jsonrpc": "2.0", ...}}
 * }</pre>
 *
 * {@code deadline_ms} (milliseconds left when sent) and {@code traceparent} may be left out. The
 * session reply is the JSON-RPC response itself, exactly as the HTTP body would be. Immutable.
 *
 * @param request the JSON-RPC request (a JSON object)
 * @param deadlineMillis milliseconds left, if sent
 * @param traceparent the W3C trace parent, if sent
 */
public record FabricEnvelope(
    JsonNode request, Optional<Long> deadlineMillis, Optional<String> traceparent) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks that nothing is null. */
  public FabricEnvelope {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(deadlineMillis, "deadlineMillis");
    Objects.requireNonNull(traceparent, "traceparent");
  }

  /** The envelope as the bytes of one session request. */
  public byte[] encode() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    deadlineMillis.ifPresent(d -> node.put("deadline_ms", d));
    traceparent.ifPresent(t -> node.put("traceparent", t));
    node.set("request", request);
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fabric envelope could not be written", e);
    }
  }

  /**
   * Reads an envelope with {@code reader} (which holds the receiver's JSON limits).
   *
   * @throws IOException when the bytes are not JSON, or over the reader's limits
   * @throws IllegalArgumentException when the JSON is not an envelope, naming the member
   */
  public static FabricEnvelope decode(byte[] bytes, ObjectMapper reader) throws IOException {
    JsonNode node = reader.readTree(bytes);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("envelope: not a JSON object");
    }
    JsonNode request = node.get("request");
    if (request == null) {
      throw new IllegalArgumentException(
          "envelope: request missing (expected: a JSON-RPC request)");
    }
    JsonNode deadline = node.get("deadline_ms");
    if (deadline != null && !(deadline.isIntegralNumber() && deadline.canConvertToLong())) {
      throw new IllegalArgumentException(
          "envelope: deadline_ms: " + deadline + " (expected: milliseconds left, an integer)");
    }
    JsonNode trace = node.get("traceparent");
    if (trace != null && !trace.isTextual()) {
      throw new IllegalArgumentException("envelope: traceparent: not a string");
    }
    return new FabricEnvelope(
        request,
        deadline == null ? Optional.empty() : Optional.of(deadline.longValue()),
        trace == null ? Optional.empty() : Optional.of(trace.textValue()));
  }
}
