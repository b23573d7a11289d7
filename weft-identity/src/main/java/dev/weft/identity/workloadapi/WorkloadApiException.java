package dev.weft.identity.workloadapi;

import io.grpc.Status;
import java.io.Serial;
import java.util.Objects;

/**
 * A Workload API call failed: the agent answered with an error status (for example {@code
 * PERMISSION_DENIED} when it issued no identity to the caller), could not be reached, or sent an
 * answer that cannot be used. The message names the call, the status code and the agent's own
 * message, for example {@code FetchJWTSVID: PERMISSION_DENIED: no identity issued}.
 */
public final class WorkloadApiException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  private final Status.Code code;

  /**
   * @param code the gRPC status code; {@code INTERNAL} when the agent's answer was unusable
   * @param message what failed, never containing a key or token
   */
  public WorkloadApiException(Status.Code code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public WorkloadApiException(Status.Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * The gRPC status code: the agent's ({@code INVALID_ARGUMENT}, {@code PERMISSION_DENIED}, ...),
   * the transport's ({@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}), or {@code INTERNAL} when the
   * agent's answer could not be used.
   */
  public Status.Code code() {
    return code;
  }
}
