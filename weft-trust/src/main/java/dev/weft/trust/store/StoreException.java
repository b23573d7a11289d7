package dev.weft.trust.store;

import java.io.Serial;
import java.util.Objects;

/**
 * A data store operation failed. {@link #kind()} says how, so callers can map it (for example to a
 * gRPC status); the message names what was wrong and never carries a secret.
 */
public final class StoreException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  /** How an operation failed. */
  public enum Kind {
    /**
     * The entry, token, agent or bundle (or, in another component's store, record) does not exist.
     */
    NOT_FOUND,
    /** An equal entry or token already exists. */
    ALREADY_EXISTS,
    /** The join token exists but has expired. */
    EXPIRED,
    /** The argument cannot be stored as given (for example a malformed connection string). */
    INVALID,
    /** The database failed, is unreachable, or the store is closed; nothing was changed. */
    UNAVAILABLE
  }

  private final Kind kind;

  public StoreException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** How the operation failed. */
  public Kind kind() {
    return kind;
  }
}
