package dev.weft.trust.uds;

import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks on unix socket paths shared by servers and clients. */
final class SocketPaths {
  /** The longest path {@code sockaddr_un} holds on Linux, without the terminating NUL. */
  static final int MAX_PATH_BYTES = 107;

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private SocketPaths() {}

  /**
   * The absolute, normalized form of {@code socket}.
   *
   * @throws IllegalArgumentException if it is longer than {@value #MAX_PATH_BYTES} bytes
   */
  static Path checked(Path socket) {
    Path path = socket.toAbsolutePath().normalize();
    int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw new IllegalArgumentException(
          "socket: "
              + path
              + " (expected: at most "
              + MAX_PATH_BYTES
              + " bytes, got "
              + bytes
              + "; unix socket paths are limited, choose a shorter path)");
    }
    return path;
  }

  /** Fails with the reason if the epoll transport (needed for unix sockets) cannot load. */
  static void requireEpoll() throws IOException {
    if (!Epoll.isAvailable()) {
      Throwable cause = Epoll.unavailabilityCause();
      throw new IOException(
          "unix sockets: the epoll transport is unavailable (expected: Linux on x86_64 or "
              + "aarch64 with native access enabled): "
              + cause,
          cause);
    }
  }

  /**
   * Makes {@code socket} free to bind: nothing there, or a stale socket file that nobody answers
   * on, which is removed.
   *
   * @throws IOException if a live server answers there, or the path holds something else
   */
  static void clearStale(Path socket) throws IOException {
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if ((mode & S_IFMT) != S_IFSOCK) {
      throw new IOException(
          "socket: "
              + socket
              + " exists and is not a unix socket (expected: a free path or a "
              + "stale socket; remove it or choose another path)");
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
    } catch (ConnectException refused) {
      Files.deleteIfExists(socket); // nobody listens: a leftover of a server that died
      return;
    } catch (IOException e) {
      throw new IOException(
          "socket: "
              + socket
              + " exists and cannot be probed ("
              + e.getMessage()
              + "); remove it if no server uses it, or choose another path",
          e);
    }
    throw new IOException(
        "socket: "
            + socket
            + " is in use by a running server (expected: a free path; stop that "
            + "server or choose another path)");
  }
}
