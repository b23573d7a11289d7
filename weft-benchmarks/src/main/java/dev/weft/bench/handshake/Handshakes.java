package dev.weft.bench.handshake;

import dev.weft.identity.tls.SpiffeTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Runs full mutual-TLS handshakes over 127.0.0.1, one connection at a time: a server thread
 * accepts, completes the handshake, writes one byte and closes; a client thread connects, completes
 * the handshake, reads the byte and closes. Each thread measures its own CPU time.
 */
final class Handshakes {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** A stuck handshake fails the run instead of hanging it. */
  private static final int TIMEOUT_MILLIS = 30_000;

  private Handshakes() {}

  /**
   * What one batch of handshakes cost.
   *
   * @param count handshakes made
   * @param serverCpuNanos CPU time of the server's accept-and-handshake thread
   * @param clientCpuNanos CPU time of the client's thread
   * @param wallNanos wall time of the batch, on the client
   * @param session the protocol, cipher suite and client SPIFFE ID the server saw first
   */
  record Batch(
      int count, long serverCpuNanos, long clientCpuNanos, long wallNanos, String session) {}

  /** Makes {@code count} handshakes with {@code variant}. */
  static Batch run(Variant variant, int count) throws Exception {
    if (!THREADS.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    THREADS.setThreadCpuTimeEnabled(true);
    try (SSLServerSocket listener =
        (SSLServerSocket)
            variant
                .server()
                .getServerSocketFactory()
                .createServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
      variant.configure(listener);
      listener.setSoTimeout(TIMEOUT_MILLIS);
      AtomicReference<Exception> failure = new AtomicReference<>();
      long[] serverCpu = new long[1];
      String[] session = new String[1];
      Thread server =
          Thread.ofPlatform()
              .name("bench-tls-server")
              .start(
                  () -> {
                    long start = THREADS.getCurrentThreadCpuTime();
                    try {
                      for (int i = 0; i < count; i++) {
                        try (SSLSocket socket = (SSLSocket) listener.accept()) {
                          socket.setSoTimeout(TIMEOUT_MILLIS);
                          socket.setTcpNoDelay(true);
                          socket.startHandshake();
                          if (i == 0) {
                            session[0] = describe(socket.getSession());
                          }
                          OutputStream out = socket.getOutputStream();
                          out.write(1);
                          out.flush();
                        }
                      }
                    } catch (Exception e) {
                      failure.compareAndSet(null, e);
                      closeQuietly(listener);
                    }
                    serverCpu[0] = THREADS.getCurrentThreadCpuTime() - start;
                  });
      long clientCpu = THREADS.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      int port = listener.getLocalPort();
      try {
        for (int i = 0; i < count && failure.get() == null; i++) {
          try (SSLSocket socket =
              (SSLSocket)
                  variant
                      .client()
                      .getSocketFactory()
                      .createSocket(InetAddress.getLoopbackAddress(), port)) {
            variant.configure(socket);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            InputStream in = socket.getInputStream();
            if (in.read() != 1) {
              throw new IllegalStateException("handshake " + i + ": the server sent no byte");
            }
          }
        }
      } catch (Exception e) {
        failure.compareAndSet(null, e);
        closeQuietly(listener);
      }
      wall = System.nanoTime() - wall;
      clientCpu = THREADS.getCurrentThreadCpuTime() - clientCpu;
      server.join();
      if (failure.get() != null) {
        throw failure.get();
      }
      return new Batch(count, serverCpu[0], clientCpu, wall, session[0]);
    }
  }

  private static void closeQuietly(SSLServerSocket listener) {
    try {
      listener.close();
    } catch (IOException e) {
      // the run fails with the first failure anyway
    }
  }

  private static String describe(SSLSession session) {
    String peer;
    try {
      peer = SpiffeTls.peerId(session).toString();
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      peer = "no client ID (" + e.getMessage() + ")";
    }
    return session.getProtocol() + " " + session.getCipherSuite() + ", client " + peer;
  }
}
