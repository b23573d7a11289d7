package dev.weft.controller;

import io.grpc.Status;

/**
 * A request the controller refuses, with the gRPC status a node sees and the HTTP status an API
 * caller sees; the message says what was wrong and what was expected.
 */
final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of refusal. */
  enum Kind {
    INVALID(Status.Code.INVALID_ARGUMENT, 400),
    DENIED(Status.Code.PERMISSION_DENIED, 403),
    NOT_FOUND(Status.Code.NOT_FOUND, 404),
    CONFLICT(Status.Code.ALREADY_EXISTS, 409),
    PRECONDITION(Status.Code.FAILED_PRECONDITION, 409),
    TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED, 413),
    UNAVAILABLE(Status.Code.UNAVAILABLE, 503);

    final Status.Code grpc;
    final int http;

    Kind(Status.Code grpc, int http) {
      this.grpc = grpc;
      this.http = http;
    }
  }

  private final Kind kind;

  Refusal(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }

  Status status() {
    return Status.fromCode(kind.grpc).withDescription(getMessage());
  }

  static Refusal invalid(String message) {
    return new Refusal(Kind.INVALID, message);
  }

  static Refusal notFound(String message) {
    return new Refusal(Kind.NOT_FOUND, message);
  }
}
