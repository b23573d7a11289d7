package dev.weft.cli.fabric;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin socket of {@code weft fabric session receive}: HTTP/1.1 on a unix socket of mode 0600
 * (bound in a private directory, then moved into place, so it is never open to others), answering
 * {@code GET /sessions} with the sessions as a JSON array of {@link SessionView}. Callers must run
 * as this process's user (checked with {@code SO_PEERCRED}). Bounded: at most {@value
 * #MAX_CONNECTIONS} connections at once (more are closed at once), a request head of at most
 * {@value #MAX_REQUEST_BYTES} bytes, {@value #TIMEOUT_SECONDS} s per connection. One platform
 * thread accepts; each connection is served on a virtual thread.
 */
final class SessionAdmin implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionAdmin.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final int MAX_CONNECTIONS = 8;
  static final int MAX_REQUEST_BYTES = 4096;
  static final int MAX_RESPONSE_BYTES = 4 << 20;
  static final int TIMEOUT_SECONDS = 5;

  /** The longest path a unix socket address holds on Linux. */
  static final int MAX_PATH_BYTES = 107;

  private final Path socket;
  private final ServerSocketChannel server;
  private final Supplier<List<SessionView>> sessions;
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("weft-session-admin-timer").unstarted(r));
  private final String user;
  private final Thread acceptor;

  private SessionAdmin(Path socket, ServerSocketChannel server, Supplier<List<SessionView>> views)
      throws IOException {
    this.socket = socket;
    this.server = server;
    this.sessions = views;
    this.user = Files.getOwner(Path.of("/proc/self")).getName();
    this.acceptor = Thread.ofPlatform().daemon().name("weft-session-admin").start(this::accept);
  }

  /**
   * Binds {@code path} and serves {@code views}.
   *
   * @throws IOException when the path is too long, holds something other than a stale socket, a
   *     live server answers there, or binding fails
   */
  static SessionAdmin start(Path path, Supplier<List<SessionView>> views) throws IOException {
    Path socket = path.toAbsolutePath().normalize();
    int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw new IOException(
          socket + " is " + bytes + " bytes (expected: at most " + MAX_PATH_BYTES + ")");
    }
    clearStale(socket);
    Path parent = socket.getParent();
    Files.createDirectories(parent);
    Path hidden = Files.createTempDirectory(parent, ".weft-"); // mode 0700
    Path bound = hidden.resolve("s");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(bound), MAX_CONNECTIONS);
      Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
      Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE);
      return new SessionAdmin(socket, server, views);
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(bound);
      throw e;
    } finally {
      Files.deleteIfExists(hidden);
    }
  }

  /** Removes a socket file nobody answers on; refuses a live one or anything else. */
  private static void clearStale(Path socket) throws IOException {
    if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!"socket".equals(kind(socket))) {
      throw new IOException(socket + " exists and is not a socket (expected: a free path)");
    }
    SocketChannel probe;
    try {
      probe = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (java.net.ConnectException refused) {
      Files.deleteIfExists(socket); // nobody listens: a leftover of a process that died
      return;
    }
    probe.close();
    throw new IOException(socket + " is in use by a running server (expected: a free path)");
  }

  private static String kind(Path path) throws IOException {
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & 0170000) == 0140000 ? "socket" : "other";
  }

  /** The socket's path. */
  Path path() {
    return socket;
  }

  private void accept() {
    while (server.isOpen()) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.debug("session admin socket: accept failed: {}", e.getMessage());
        continue;
      }
      if (!connections.tryAcquire()) {
        closeQuietly(channel);
        continue;
      }
      Thread.ofVirtual()
          .name("weft-session-admin-connection")
          .start(
              () -> {
                ScheduledFuture<?> deadline =
                    timer.schedule(() -> closeQuietly(channel), TIMEOUT_SECONDS, TimeUnit.SECONDS);
                try (channel) {
                  serve(channel);
                } catch (IOException e) {
                  LOG.debug("session admin socket: {}", e.getMessage());
                } finally {
                  deadline.cancel(false);
                  connections.release();
                }
              });
    }
  }

  private void serve(SocketChannel channel) throws IOException {
    UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
    if (!peer.user().getName().equals(user)) {
      respond(channel, "403 Forbidden", "{\"error\":\"callers of this process's user only\"}");
      return;
    }
    String head = readHead(channel);
    if (head == null) {
      respond(channel, "431 Request Header Fields Too Large", "{\"error\":\"request too large\"}");
      return;
    }
    String[] line = head.split("\r\n", 2)[0].split(" ");
    if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
      respond(channel, "400 Bad Request", "{\"error\":\"not an HTTP/1.1 request\"}");
    } else if (!line[1].equals("/sessions")) {
      respond(channel, "404 Not Found", "{\"error\":\"no such path (expected: /sessions)\"}");
    } else if (!line[0].equals("GET")) {
      respond(channel, "405 Method Not Allowed", "{\"error\":\"expected: GET\"}");
    } else {
      respond(channel, "200 OK", JSON.writeValueAsString(sessions.get()));
    }
  }

  /** The request head up to its blank line; null when it is over {@link #MAX_REQUEST_BYTES}. */
  private static String readHead(SocketChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_REQUEST_BYTES);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        break;
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        return text.substring(0, end);
      }
    }
    return buffer.hasRemaining()
        ? new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII)
        : null;
  }

  private static void respond(SocketChannel channel, String status, String body)
      throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + content.length
            + "\r\nConnection: close\r\n\r\n";
    ByteBuffer out =
        ByteBuffer.allocate(head.length() + content.length)
            .put(head.getBytes(StandardCharsets.US_ASCII))
            .put(content)
            .flip();
    while (out.hasRemaining()) {
      channel.write(out);
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Stops accepting and removes the socket file. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("session admin socket: close: {}", e.getMessage());
    }
    timer.shutdownNow();
    try {
      acceptor.join(Duration.ofSeconds(2));
      Files.deleteIfExists(socket);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("session admin socket: {} not removed: {}", socket, e.getMessage());
    }
  }

  /**
   * Asks the admin socket at {@code socket} for its sessions.
   *
   * @throws IOException when it cannot be reached, does not answer in {@code timeout}, or answers
   *     something other than a session list
   */
  static List<SessionView> fetch(Path socket, Duration timeout) throws IOException {
    ScheduledExecutorService closer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("weft-session-list-timer").unstarted(r));
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ScheduledFuture<?> deadline =
          closer.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
      ByteBuffer request =
          ByteBuffer.wrap(
              "GET /sessions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      while (request.hasRemaining()) {
        channel.write(request);
      }
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
      try {
        while (channel.read(buffer) >= 0) {
          in.write(buffer.array(), 0, buffer.position());
          buffer.clear();
          if (in.size() > MAX_RESPONSE_BYTES) {
            throw new IOException("the answer is over " + MAX_RESPONSE_BYTES + " bytes");
          }
        }
      } catch (ClosedChannelException e) {
        throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
      }
      deadline.cancel(false);
      return parse(in.toString(StandardCharsets.UTF_8));
    } finally {
      closer.shutdownNow();
    }
  }

  private static List<SessionView> parse(String response) throws IOException {
    int end = response.indexOf("\r\n\r\n");
    if (!response.startsWith("HTTP/1.") || end < 0) {
      throw new IOException("the answer is not HTTP");
    }
    String status = response.substring(0, response.indexOf("\r\n"));
    String body = response.substring(end + 4);
    if (!status.contains(" 200 ")) {
      throw new IOException(status.substring(status.indexOf(' ') + 1) + ": " + body.strip());
    }
    try {
      return JSON.readValue(body, new TypeReference<List<SessionView>>() {});
    } catch (IOException e) {
      throw new IOException("the answer is not a session list: " + e.getMessage(), e);
    }
  }
}
