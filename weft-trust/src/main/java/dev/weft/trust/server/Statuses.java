package dev.weft.trust.server;

import dev.weft.trust.store.StoreException;
import io.grpc.Status;

/** Maps domain failures to gRPC statuses, keeping the message. */
final class Statuses {
  private Statuses() {}

  static Status of(StoreException e) {
    Status status =
        switch (e.kind()) {
          case NOT_FOUND -> Status.NOT_FOUND;
          case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
          case EXPIRED -> Status.FAILED_PRECONDITION;
          case INVALID -> Status.INVALID_ARGUMENT;
          case UNAVAILABLE -> Status.UNAVAILABLE;
        };
    return status.withDescription(e.getMessage());
  }
}
