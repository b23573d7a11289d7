package dev.weft.trust.federation;

import dev.weft.trust.internal.net.RefusalLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SPIFFE bundle endpoint: answers {@code GET /} (and {@code HEAD /}) over HTTPS with the current
 * bundle of this trust domain in the SPIFFE bundle format. The TLS context decides the profile: the
 * server's own SVID for {@code https_spiffe}, a Web PKI certificate for {@code https_web}; clients
 * are not authenticated.
 *
 * <p>A small HTTP/1.1 server that holds a caller to its {@link Limits}: a platform thread accepts
 * and closes at once a connection over {@code maxConnections}; each other connection gets a virtual
 * thread, finishes its TLS handshake within {@code handshakeTimeout}, sends one request and gets
 * its answer within {@code requestTimeout}, and is closed ({@code Connection: close}: a bundle is
 * fetched every few minutes, so there is nothing to keep alive). A request head over {@code
 * maxHeaderBytes} is answered 431 (414 for the request line), a body over {@code maxRequestBytes}
 * or of unannounced length 413, before either is buffered. Each refusal is counted ({@link
 * #refusals()}) and logged by a {@link RefusalLog}; the server keeps serving.
 */
public final class BundleEndpointServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BundleEndpointServer.class);

  /** Supplies the bundle document to serve; called per request, on that request's thread. */
  @FunctionalInterface
  public interface BundleDocument {
    /** The SPIFFE bundle document, or empty if there is none to serve yet. */
    Optional<String> current() throws IOException;
  }

  /**
   * What one caller may cost the endpoint (the {@code server.limits} keys named).
   *
   * @param maxConnections {@code max_connections}: connections open at once; more are closed as
   *     they are accepted; default 1024
   * @param handshakeTimeout {@code handshake_timeout}: the TLS handshake must finish within this
   *     after the connection is accepted; default 10s
   * @param requestTimeout {@code request_timeout}: the request must arrive and be answered within
   *     this after the handshake; default 10s
   * @param maxHeaderBytes {@code max_header_bytes}: the request line and header fields; default 16
   *     KiB
   * @param maxRequestBytes {@code max_request_bytes}: the request body (read and dropped: the
   *     endpoint needs none); default 4 MiB
   */
  public record Limits(
      int maxConnections,
      Duration handshakeTimeout,
      Duration requestTimeout,
      int maxHeaderBytes,
      int maxRequestBytes) {
    public Limits {
      if (maxConnections < 1) {
        throw new IllegalArgumentException(
            "maxConnections: " + maxConnections + " (expected: > 0)");
      }
      positive("handshakeTimeout", handshakeTimeout);
      positive("requestTimeout", requestTimeout);
      if (maxHeaderBytes < 64) {
        throw new IllegalArgumentException(
            "maxHeaderBytes: " + maxHeaderBytes + " (expected: >= 64)");
      }
      if (maxRequestBytes < 0) {
        throw new IllegalArgumentException(
            "maxRequestBytes: " + maxRequestBytes + " (expected: >= 0)");
      }
    }

    /** The defaults above. */
    public static Limits defaults() {
      return new Limits(1024, Duration.ofSeconds(10), Duration.ofSeconds(10), 16 << 10, 4 << 20);
    }

    private static void positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
      }
    }
  }

  private final ServerSocket listener;
  private final SSLContext tls;
  private final Limits limits;
  private final BundleDocument document;
  private final Semaphore slots;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final RefusalLog refusals = new RefusalLog("bundle endpoint");
  private final ScheduledThreadPoolExecutor watchdog;
  private final Thread acceptor;

  private BundleEndpointServer(
      ServerSocket listener, SSLContext tls, Limits limits, BundleDocument document) {
    this.listener = listener;
    this.tls = tls;
    this.limits = limits;
    this.document = document;
    this.slots = new Semaphore(limits.maxConnections());
    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("weft-bundle-endpoint-deadlines").daemon().factory());
    this.watchdog.setRemoveOnCancelPolicy(true);
    this.acceptor =
        Thread.ofPlatform().name("weft-bundle-endpoint-accept").daemon().unstarted(this::accept);
  }

  /** Listens on {@code bind} with the default {@link Limits} and serves {@code document}. */
  public static BundleEndpointServer start(
      InetSocketAddress bind, SSLContext tls, BundleDocument document) throws IOException {
    return start(bind, tls, Limits.defaults(), document);
  }

  /**
   * Listens on {@code bind} and serves {@code document} within {@code limits}.
   *
   * @throws IOException if the address cannot be bound
   */
  public static BundleEndpointServer start(
      InetSocketAddress bind, SSLContext tls, Limits limits, BundleDocument document)
      throws IOException {
    ServerSocket listener = new ServerSocket();
    try {
      listener.setReuseAddress(true);
      listener.bind(bind, 128);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    BundleEndpointServer server =
        new BundleEndpointServer(
            listener,
            Objects.requireNonNull(tls, "tls"),
            Objects.requireNonNull(limits, "limits"),
            Objects.requireNonNull(document, "document"));
    server.acceptor.start();
    return server;
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Connections open now (accepted within the cap, not yet closed). */
  public int openConnections() {
    return open.get();
  }

  /**
   * Connections closed and requests refused by the limits since the server started: over {@code
   * maxConnections}, past a timeout, a head or body too large.
   */
  public long refusals() {
    return refusals.count();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
        // e.g. out of file descriptors: the connection waits in the backlog; try again shortly
        log.warn("bundle endpoint: cannot accept a connection: {}", e.getMessage());
        pause();
        continue;
      }
      if (!slots.tryAcquire()) {
        refusals.refused(
            socket.getRemoteSocketAddress(),
            limits.maxConnections() + " connections open (limit max_connections)");
        closeQuietly(socket);
        continue;
      }
      open.incrementAndGet();
      sockets.add(socket);
      Runnable release =
          () -> {
            sockets.remove(socket);
            open.decrementAndGet();
            slots.release();
          };
      try {
        socket.setTcpNoDelay(true);
        Thread.ofVirtual()
            .name("weft-bundle-endpoint-connection")
            .start(
                new EndpointConnection(socket, tls, limits, document, refusals, watchdog, release));
      } catch (IOException | RejectedExecutionException e) {
        closeQuietly(socket);
        release.run();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops listening and closes every open connection. */
  @Override
  public void close() {
    closeQuietly(listener);
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    watchdog.shutdownNow();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closed already
    }
  }
}
