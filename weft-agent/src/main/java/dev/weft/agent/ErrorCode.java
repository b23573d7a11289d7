package dev.weft.agent;

/**
 * The kinds of failure a call can end in, with their JSON-RPC error codes on the wire and whether a
 * caller may retry an idempotent capability after one.
 */
public enum ErrorCode {
  /** The request is malformed (JSON-RPC parse error or bad parameters). */
  INVALID_ARGUMENT(-32602, false),
  /** No such capability or JSON-RPC method. */
  NOT_FOUND(-32601, false),
  /** The peer did not prove the expected SPIFFE ID, or its trust domain is not trusted. */
  UNAUTHENTICATED(-32010, false),
  /** A peer guard or the policy refused the call. */
  PERMISSION_DENIED(-32011, false),
  /** The deadline passed before an answer. */
  DEADLINE_EXCEEDED(-32012, true),
  /** The target could not be reached, or its circuit is open. */
  UNAVAILABLE(-32013, true),
  /** The capability failed; details stay on the server. */
  INTERNAL(-32603, false),
  /** The capability (or task) was cancelled. */
  CANCELLED(-32014, false),
  /** The server is at a limit (e.g. too many calls running); an idempotent call may be retried. */
  RESOURCE_EXHAUSTED(-32015, true);

  private final int jsonRpcCode;
  private final boolean retryable;

  ErrorCode(int jsonRpcCode, boolean retryable) {
    this.jsonRpcCode = jsonRpcCode;
    this.retryable = retryable;
  }

  /** The JSON-RPC {@code error.code} this failure is sent as. */
  public int jsonRpcCode() {
    return jsonRpcCode;
  }

  /** Whether an idempotent call may be retried after this failure. */
  public boolean retryable() {
    return retryable;
  }

  /** The code for a JSON-RPC error code; {@link #INTERNAL} for codes Weft does not define. */
  public static ErrorCode fromJsonRpc(int code) {
    for (ErrorCode c : values()) {
      if (c.jsonRpcCode == code) {
        return c;
      }
    }
    return code == -32700 || code == -32600 ? INVALID_ARGUMENT : INTERNAL;
  }
}
