package dev.weft.agent.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.a2a.A2aMessages;
import java.io.Serial;

/** A JSON-RPC error to answer: its code, caller-facing message and Weft error name. */
final class RpcException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  private final int code;
  private final ErrorCode weftCode;

  RpcException(int code, ErrorCode weftCode, String message) {
    super(message, null, false, false);
    this.code = code;
    this.weftCode = weftCode;
  }

  /** The JSON-RPC error for an {@link AgentException}. */
  static RpcException of(AgentException e) {
    return new RpcException(e.code().jsonRpcCode(), e.code(), e.getMessage());
  }

  /** An error with the JSON-RPC code of {@code code}. */
  static RpcException of(ErrorCode code, String message) {
    return new RpcException(code.jsonRpcCode(), code, message);
  }

  ErrorCode weftCode() {
    return weftCode;
  }

  /** The JSON-RPC {@code error} object. */
  ObjectNode toJson() {
    ObjectNode error =
        JsonNodeFactory.instance.objectNode().put("code", code).put("message", getMessage());
    error.putObject("data").put(A2aMessages.ERROR, weftCode.name());
    return error;
  }
}
