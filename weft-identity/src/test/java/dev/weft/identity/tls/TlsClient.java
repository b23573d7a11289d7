package dev.weft.identity.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.function.IntConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One client connection that handshakes and echoes lines through a {@link TlsEchoServer} (made by
 * {@link TlsEchoServer#connect}).
 */
final class TlsClient implements AutoCloseable {
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private final SSLSocket socket;
  private final BufferedReader in;
  private final PrintWriter out;

  private TlsClient(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /**
   * Connects, handshakes and makes one round trip, so that a rejection by the server (which in TLS
   * 1.3 arrives after the client's handshake is done) surfaces here. {@code connected} is told the
   * client's port as soon as the TCP connection is made, also when the handshake then fails. Reads
   * time out after 30 s, so that a server that stops answering fails the test, not hangs it.
   */
  static TlsClient connect(SSLContext context, int port, IntConsumer connected, String... protocols)
      throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    connected.accept(socket.getLocalPort());
    if (protocols.length > 0) {
      socket.setEnabledProtocols(protocols);
    }
    try {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.startHandshake();
      TlsClient client = new TlsClient(socket);
      String echoed = client.echo("hello");
      if (!"hello".equals(echoed)) {
        throw new IOException("the server closed the connection: " + echoed);
      }
      return client;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  String echo(String line) throws IOException {
    out.println(line);
    return in.readLine();
  }

  SSLSocket socket() {
    return socket;
  }

  X509Certificate serverLeaf() throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
