package dev.weft.identity.tls;

import dev.weft.identity.spiffeid.SpiffeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS echo server on 127.0.0.1 for handshake tests: a platform thread accepts, a virtual thread
 * per connection handshakes, records the outcome and echoes lines until the peer closes.
 *
 * <p>The test connects through {@link #connect}, and {@link #next} gives the outcome of the test's
 * own connections, in the order it made them, found by the client's port. Any other connection that
 * reaches the listener (a loopback port is open to every process on the machine, and other tests
 * probe ports they believe closed) is served but never taken for the test's.
 */
final class TlsEchoServer implements AutoCloseable {
  /** How long {@link #next} waits for the server's verdict on a connection. */
  private static final long WAIT_SECONDS = 30;

  /** What the server saw of one connection. */
  sealed interface Outcome permits Accepted, Refused {}

  record Accepted(SpiffeId peer, X509Certificate peerLeaf, String protocol) implements Outcome {}

  record Refused(Exception error) implements Outcome {
    /** The message of the CertificateException our trust manager threw, if any. */
    String reason() {
      for (Throwable t = error; t != null; t = t.getCause()) {
        if (t instanceof CertificateException) {
          return t.getMessage();
        }
      }
      return null;
    }
  }

  private final SSLServerSocket listener;

  /** Outcomes by the client's port. */
  private final Map<Integer, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();

  /** The client ports of the test's own connections whose outcome was not asked for yet. */
  private final BlockingQueue<Integer> ours = new LinkedBlockingQueue<>();

  private final List<SSLSocket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private final boolean requireClientCertificate;

  TlsEchoServer(SSLContext context) throws IOException {
    this(context, false);
  }

  /**
   * A server that, with {@code requireClientCertificate}, asks every connection for a client
   * certificate, whatever the context's defaults (set on each accepted socket before its handshake,
   * so no connection can slip through before the listener is configured).
   */
  TlsEchoServer(SSLContext context, boolean requireClientCertificate) throws IOException {
    this.requireClientCertificate = requireClientCertificate;
    listener =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    if (requireClientCertificate) {
      listener.setNeedClientAuth(true);
    }
    acceptor = Thread.ofPlatform().name("tls-echo-accept").daemon().start(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  SSLServerSocket listener() {
    return listener;
  }

  /** One connection of the test, through {@link TlsClient#connect}; {@link #next} reports on it. */
  TlsClient connect(SSLContext context, String... protocols) throws IOException {
    return TlsClient.connect(context, port(), ours::add, protocols);
  }

  /** The server's outcome of the test's next connection, in the order {@link #connect} made. */
  Outcome next() throws InterruptedException {
    Integer port = ours.poll();
    if (port == null) {
      throw new AssertionError("the test made no connection whose outcome it has not seen yet");
    }
    try {
      return outcome(port).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the server recorded no outcome of the connection from port "
              + port
              + " within "
              + WAIT_SECONDS
              + " s",
          e);
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (SSLSocket socket : open) {
      socket.close();
    }
  }

  private CompletableFuture<Outcome> outcome(int clientPort) {
    return outcomes.computeIfAbsent(clientPort, p -> new CompletableFuture<>());
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      SSLSocket socket;
      try {
        socket = (SSLSocket) listener.accept();
      } catch (IOException e) {
        return;
      }
      open.add(socket);
      Thread.ofVirtual().start(() -> serve(socket));
    }
  }

  private void serve(SSLSocket socket) {
    CompletableFuture<Outcome> outcome = outcome(socket.getPort());
    try {
      if (requireClientCertificate) {
        socket.setNeedClientAuth(true);
      }
      socket.startHandshake();
      X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      outcome.complete(
          new Accepted(
              SpiffeTls.peerId(socket.getSession()), leaf, socket.getSession().getProtocol()));
    } catch (IOException e) {
      outcome.complete(new Refused(e));
      closeQuietly(socket);
      return;
    }
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
      }
    } catch (SocketException e) {
      // closed by the test
    } catch (IOException e) {
      // the peer went away
    } finally {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(SSLSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
