package dev.weft.agent.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.util.UUID;
import javax.net.ssl.SSLException;

/** The A2A JSON-RPC shapes of a capability call (see AGENTS.md), and failures mapped to codes. */
final class Wire {

  static final ObjectMapper JSON = new ObjectMapper();

  private Wire() {}

  /** A {@code message/send} request calling {@code capability} with {@code params}. */
  static byte[] request(String capability, JsonNode params) {
    try {
      return JSON.writeValueAsBytes(requestNode(capability, params));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON-RPC request could not be written", e);
    }
  }

  /** The {@code message/send} request calling {@code capability}, as a JSON object. */
  static ObjectNode requestNode(String capability, JsonNode params) {
    ObjectNode message = JSON.createObjectNode();
    message.put("kind", "message");
    message.put("role", "user");
    message.put("messageId", UUID.randomUUID().toString());
    ObjectNode part = message.putArray("parts").addObject();
    part.put("kind", "data");
    part.set("data", params);
    message.putObject("metadata").put("weft.capability", capability);
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", UUID.randomUUID().toString());
    request.put("method", "message/send");
    request.putObject("params").set("message", message);
    return request;
  }

  /**
   * The result of a JSON-RPC answer: the data of the message's first data part, else its text parts
   * joined, else the result itself.
   *
   * @throws AgentException the answer's error, or INTERNAL for an answer that is not JSON-RPC
   */
  static JsonNode result(String target, int status, byte[] body) throws AgentException {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      throw httpFailure(target, status);
    }
    JsonNode error = answer.get("error");
    if (error != null && error.isObject()) {
      int code = error.path("code").asInt(ErrorCode.INTERNAL.jsonRpcCode());
      String message = error.path("message").asText("");
      throw new AgentException(
          ErrorCode.fromJsonRpc(code),
          message.isEmpty() ? "error " + code + " from " + target : message);
    }
    JsonNode result = answer.get("result");
    if (status != 200 || result == null) {
      throw httpFailure(target, status);
    }
    JsonNode parts = result.path("parts");
    StringBuilder text = new StringBuilder();
    boolean hasText = false;
    for (JsonNode part : parts) {
      String kind = part.path("kind").asText();
      if (kind.equals("data") && part.has("data")) {
        return part.get("data");
      }
      if (kind.equals("text")) {
        text.append(part.path("text").asText());
        hasText = true;
      }
    }
    return hasText ? TextNode.valueOf(text.toString()) : result;
  }

  private static AgentException httpFailure(String target, int status) {
    ErrorCode code =
        switch (status) {
          case 502, 503 -> ErrorCode.UNAVAILABLE;
          case 504 -> ErrorCode.DEADLINE_EXCEEDED;
          case 401 -> ErrorCode.UNAUTHENTICATED;
          case 403 -> ErrorCode.PERMISSION_DENIED;
          case 404 -> ErrorCode.NOT_FOUND;
          default -> ErrorCode.INTERNAL;
        };
    return new AgentException(
        code, "HTTP " + status + " from " + target + " is not a JSON-RPC answer");
  }

  /** The code and caller-facing message for an I/O failure of a call to {@code target}. */
  static AgentException ioFailure(String target, String address, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
        return new AgentException(
            ErrorCode.DEADLINE_EXCEEDED, "deadline exceeded calling " + target, e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return new AgentException(
            ErrorCode.UNAUTHENTICATED,
            "TLS with " + target + " at " + address + " failed: " + t.getMessage(),
            e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new AgentException(
            ErrorCode.UNAUTHENTICATED,
            "TLS with " + target + " at " + address + " failed: " + t.getMessage(),
            e);
      }
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new AgentException(
        ErrorCode.UNAVAILABLE, target + " at " + address + " is unreachable: " + reason, e);
  }
}
