package dev.weft.trust.internal.uds;

import io.grpc.Context;
import java.util.List;
import java.util.Optional;

/**
 * The credentials the kernel reports for the peer of a unix socket ({@code SO_PEERCRED}), taken
 * when the peer connected.
 *
 * @param pid the peer's process ID as seen from this process's pid namespace; 0 if the peer is
 *     in a namespace this process cannot see
 * @param uid the peer's effective user ID
 * @param gids the peer's group IDs as the kernel reports them; the first is its effective
 *     (primary) group ID. {@code SO_PEERCRED} carries only that one; supplementary groups come
 *     from attestation.
 */
public record PeerCredentials(int pid, int uid, List<Integer> gids) {
  /** Where {@link UnixSocketServer} puts the caller's credentials for the duration of a call. */
  static final Context.Key<PeerCredentials> CONTEXT_KEY = Context.key("weft-peer-credentials");

  public PeerCredentials {
    gids = List.copyOf(gids);
  }

  /**
   * The credentials of the caller of the gRPC call running on this thread, if it arrived through
   * a {@link UnixSocketServer}; empty outside such a call.
   */
  public static Optional<PeerCredentials> current() {
    return Optional.ofNullable(CONTEXT_KEY.get());
  }
}
