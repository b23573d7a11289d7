package dev.weft.trust.uds;

import io.grpc.Context;
import java.util.List;
import java.util.Optional;

/**
 * The credentials the kernel reports for the peer of a unix socket ({@code SO_PEERCRED}), taken
 * when the peer connected.
 *
 * @param pid the peer's process ID as seen from this process's pid namespace; 0 if the peer is in a
 *     namespace this process cannot see
 * @param uid the peer's effective user ID
 * @param gids the peer's group IDs as the kernel reports them; the first is its effective (primary)
 *     group ID. {@code SO_PEERCRED} carries only that one; supplementary groups come from
 *     attestation.
 * @param atConnect what {@code /proc} said about the peer's process when it connected; empty if it
 *     could not be seen then
 */
public record PeerCredentials(
    int pid, int uid, List<Integer> gids, Optional<ProcessAtConnect> atConnect) {
  /** Where {@link UnixSocketServer} puts the caller's credentials for the duration of a call. */
  static final Context.Key<PeerCredentials> CONTEXT_KEY = Context.key("weft-peer-credentials");

  public PeerCredentials {
    gids = List.copyOf(gids);
    java.util.Objects.requireNonNull(atConnect, "atConnect");
  }

  /** Credentials without a look at the process when it connected. */
  public PeerCredentials(int pid, int uid, List<Integer> gids) {
    this(pid, uid, gids, Optional.empty());
  }

  /**
   * The credentials of the caller of the gRPC call running on this thread, if it arrived through a
   * {@link UnixSocketServer}; empty outside such a call.
   */
  public static Optional<PeerCredentials> current() {
    return Optional.ofNullable(CONTEXT_KEY.get());
  }
}
