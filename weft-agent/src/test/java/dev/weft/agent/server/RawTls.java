package dev.weft.agent.server;

import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** HTTP/1.1 written by hand over a TLS socket with a valid client SVID of a.org. */
final class RawTls {

  private final SSLContext context;
  private final int port;

  RawTls(Mesh mesh, int port) {
    this.context =
        SpiffeTls.clientContext(
            mesh.source(mesh.a.svid("/agent/orchestrator"), mesh.a, mesh.b),
            PeerAuthorizer.exactly(mesh.serverId));
    this.port = port;
  }

  /** A connected socket, handshake done, speaking HTTP/1.1 (ALPN), reads time out after 30 s. */
  SSLSocket open() throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    return socket;
  }

  /** A plain TCP connection that never starts TLS. */
  Socket openPlain() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Writes {@code text} (ISO-8859-1). */
  static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The status line and headers of the next answer (up to the empty line), or null at EOF. */
  static String head(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(c);
      matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** Whether the server closed {@code socket}: a read ends (EOF or reset) before 30 s pass. */
  static boolean closedByServer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // drain what is left of an answer
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
