package dev.weft.trust.workload;

import dev.weft.trust.attestation.UnixAttestor;
import dev.weft.trust.uds.UnixSocketServer;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The SPIFFE Workload API on a unix socket, wire-compatible with the standard (go-spiffe,
 * java-spiffe and spiffe-helper talk to it unchanged).
 *
 * <ul>
 *   <li>Every call must carry the metadata {@code workload.spiffe.io: true}; otherwise it fails
 *       with {@code INVALID_ARGUMENT "security header missing from request"}.
 *   <li>Every call attests its caller with {@link UnixAttestor} and sees only the identities of
 *       {@link WorkloadIdentities.Snapshot#matching} its selectors, and the bundles of its own
 *       trust domain and of the trust domains those identities federate with. A caller with no
 *       identity gets {@code PERMISSION_DENIED "no identity issued"}.
 *   <li>The three fetch streams send at once and again whenever a snapshot change alters what the
 *       caller would receive; a stream whose caller loses its last identity ends with {@code
 *       PERMISSION_DENIED}. Streams are attested once, when they open.
 * </ul>
 *
 * <p>The socket is open to every local user (mode {@code rw-rw-rw-}): attestation, not file
 * permissions, decides what a caller gets. Every denial is logged with the caller's pid and uid.
 */
public final class WorkloadApiServer implements AutoCloseable {
  private final UnixSocketServer server;
  private final WorkloadApiService service;

  private WorkloadApiServer(UnixSocketServer server, WorkloadApiService service) {
    this.server = server;
    this.service = service;
  }

  /**
   * Serves {@code identities} on {@code socket}.
   *
   * @param socket the socket path (at most 107 bytes); a stale socket there is replaced
   * @param identities the node agent's identities; subscribed to while streams are open
   * @param clock the time JWT-SVIDs are validated at
   * @throws IllegalArgumentException if the socket path is too long
   * @throws IOException if a live server answers on {@code socket} or it cannot be bound
   */
  public static WorkloadApiServer start(Path socket, WorkloadIdentities identities, Clock clock)
      throws IOException {
    return start(socket, identities, clock, UnixSocketServer.Limits.DEFAULTS);
  }

  /** As {@link #start(Path, WorkloadIdentities, Clock)}, with {@code limits} on every call. */
  public static WorkloadApiServer start(
      Path socket, WorkloadIdentities identities, Clock clock, UnixSocketServer.Limits limits)
      throws IOException {
    Objects.requireNonNull(identities, "identities");
    Objects.requireNonNull(clock, "clock");
    WorkloadApiService service = new WorkloadApiService(identities, new UnixAttestor(), clock);
    try {
      UnixSocketServer server =
          UnixSocketServer.start(
              socket,
              PosixFilePermissions.fromString("rw-rw-rw-"),
              List.of(ServerInterceptors.intercept(service, new SecurityHeaderInterceptor())),
              limits);
      return new WorkloadApiServer(server, service);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /** The absolute path of the socket. */
  public Path socket() {
    return server.socket();
  }

  /** Open fetch streams, for tests. */
  int openStreams() {
    return service.openWatches();
  }

  /**
   * Ends all streams with {@code UNAVAILABLE}, stops serving and deletes the socket file.
   * Idempotent.
   */
  @Override
  public void close() {
    service.close();
    server.close();
  }

  @Override
  public String toString() {
    return "WorkloadApiServer[" + server.socket() + "]";
  }
}
