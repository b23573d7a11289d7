package dev.weft.trust.uds;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server on a unix domain socket. Every call runs on its own virtual thread with the
 * caller's {@link PeerCredentials} available from {@link PeerCredentials#current()}; a call whose
 * caller's credentials cannot be read is refused with {@code PERMISSION_DENIED}.
 *
 * <p>The socket file gets {@code permissions} right after it is bound; until then (a moment) it has
 * the permissions the process umask gives it, so keep sockets that must stay private in a directory
 * only their users can enter.
 */
public final class UnixSocketServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UnixSocketServer.class);
  private static final int WORKER_THREADS = 2;

  /** How long {@link #close()} lets calls in flight finish before cancelling them. */
  private static final Duration GRACE = Duration.ofSeconds(2);

  private final Path socket;
  private final Server server;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private UnixSocketServer(
      Path socket,
      Server server,
      EventLoopGroup boss,
      EventLoopGroup workers,
      ExecutorService executor) {
    this.socket = socket;
    this.server = server;
    this.boss = boss;
    this.workers = workers;
    this.executor = executor;
  }

  /**
   * Binds {@code socket} and serves {@code services} on it. Missing parent directories are created.
   * A stale socket file (one nobody answers on) is removed first.
   *
   * @param socket where to listen; at most 107 bytes as an absolute path
   * @param permissions the POSIX permissions the socket file gets (connecting needs write)
   * @param services the services to serve
   * @throws IllegalArgumentException if the socket path is too long
   * @throws IOException if a live server already answers on {@code socket}, the path holds
   *     something other than a socket, or binding or setting permissions fails
   */
  public static UnixSocketServer start(
      Path socket, Set<PosixFilePermission> permissions, List<ServerServiceDefinition> services)
      throws IOException {
    return start(socket, permissions, services, Limits.DEFAULTS);
  }

  /**
   * The size limits of one server's calls; over either, a call fails with {@code
   * RESOURCE_EXHAUSTED} before its message is buffered.
   *
   * @param maxRequestBytes the largest request message
   * @param maxHeaderBytes the largest request metadata
   */
  public record Limits(int maxRequestBytes, int maxHeaderBytes) {
    /** 4 MiB messages, 16 KiB metadata. */
    public static final Limits DEFAULTS = new Limits(4 << 20, 16 << 10);

    public Limits {
      if (maxRequestBytes <= 0 || maxHeaderBytes <= 0) {
        throw new IllegalArgumentException(
            "limits: " + maxRequestBytes + ", " + maxHeaderBytes + " (expected: both > 0)");
      }
    }
  }

  /** As {@link #start(Path, Set, List)}, with {@code limits} on every call. */
  public static UnixSocketServer start(
      Path socket,
      Set<PosixFilePermission> permissions,
      List<ServerServiceDefinition> services,
      Limits limits)
      throws IOException {
    Path path = SocketPaths.checked(socket);
    Set<PosixFilePermission> mode = Set.copyOf(permissions);
    List<ServerServiceDefinition> served = List.copyOf(services);
    SocketPaths.requireEpoll();
    Files.createDirectories(path.getParent());
    SocketPaths.clearStale(path);

    EventLoopGroup boss =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("weft-uds-accept", true), EpollIoHandler.newFactory());
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(
            WORKER_THREADS,
            new DefaultThreadFactory("weft-uds-io", true),
            EpollIoHandler.newFactory());
    ExecutorService executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("weft-uds-call-", 0).factory());
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
                new DomainSocketAddress(path.toString()),
                InternalNettyServerCredentials.create(new PeerCredentialsNegotiator()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .executor(executor)
            .maxInboundMessageSize(limits.maxRequestBytes())
            .maxInboundMetadataSize(limits.maxHeaderBytes())
            .intercept(new PeerCredentialsInterceptor());
    served.forEach(builder::addService);
    UnixSocketServer result = new UnixSocketServer(path, builder.build(), boss, workers, executor);
    try {
      result.server.start();
    } catch (IOException | RuntimeException e) {
      result.close();
      throw new IOException("socket: " + path + ": cannot listen: " + e.getMessage(), e);
    }
    try {
      Files.setPosixFilePermissions(path, mode);
    } catch (IOException | RuntimeException e) {
      result.close();
      throw new IOException("socket: " + path + ": cannot set permissions: " + e.getMessage(), e);
    }
    log.info("unix socket server listening on {} ({})", path, PosixFilePermissions.toString(mode));
    return result;
  }

  /** The absolute path of the socket. */
  public Path socket() {
    return socket;
  }

  /**
   * Stops the server: refuses new calls, gives calls in flight two seconds to finish and then
   * cancels them, releases its threads and deletes the socket file. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // Calls that already sent their last frame may still be returning on their threads; let
    // them finish before the event loops they write through go away.
    executor.shutdown();
    try {
      if (!executor.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      log.warn("unix socket {}: cannot delete the socket file: {}", socket, e.toString());
    }
  }

  @Override
  public String toString() {
    return "UnixSocketServer[" + socket + "]";
  }
}
