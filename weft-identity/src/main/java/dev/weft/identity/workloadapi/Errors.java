package dev.weft.identity.workloadapi;

import io.grpc.Status;

/** Maps gRPC failures to {@link WorkloadApiException}s that name the call and the status. */
final class Errors {
  private Errors() {}

  /**
   * {@code "<call>: <CODE>: <agent's message>"}, with the transport's reason in parentheses when
   * the failure is local (for example a socket that does not exist).
   */
  static WorkloadApiException fromGrpc(String call, Throwable t) {
    Status status = Status.fromThrowable(t);
    StringBuilder message = new StringBuilder(call).append(": ").append(status.getCode());
    String description = status.getDescription();
    if (description != null && !description.isEmpty()) {
      message.append(": ").append(description);
    }
    Throwable cause = status.getCause();
    if (cause != null) {
      String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
      message.append(" (").append(reason).append(')');
    }
    return new WorkloadApiException(status.getCode(), message.toString(), t);
  }
}
