package dev.weft.agent.a2a;

/** JSON-RPC 2.0 and A2A error codes that are not {@link dev.weft.agent.ErrorCode}s of their own. */
public final class JsonRpcCodes {

  /** The body is not valid JSON. */
  public static final int PARSE_ERROR = -32700;

  /** The JSON is not a valid JSON-RPC request. */
  public static final int INVALID_REQUEST = -32600;

  /** No such method (or capability). */
  public static final int METHOD_NOT_FOUND = -32601;

  /** The method's parameters are invalid. */
  public static final int INVALID_PARAMS = -32602;

  /** A2A: no such task. */
  public static final int TASK_NOT_FOUND = -32001;

  /** A2A: the task has already ended and cannot be cancelled. */
  public static final int TASK_NOT_CANCELABLE = -32002;

  private JsonRpcCodes() {}
}
