package dev.weft.cli.local;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A caller of a running agent with a valid SVID that misbehaves: it speaks HTTP/1.1 over SPIFFE
 * mutual TLS by hand, so that it can send what a well-behaved client never would.
 */
final class HostileCaller implements AutoCloseable {
  private final SvidSource source;
  private final SSLContext tls;
  private final int port;

  HostileCaller(Path workloadSocket, SpiffeId as, SpiffeId agent, int port) throws Exception {
    this.source =
        SvidSource.start(
            WorkloadApiEndpoint.ofSocket(workloadSocket),
            SvidSourceConfig.builder()
                .svidSelector(SvidSelector.byId(as))
                .startTimeout(Duration.ofSeconds(30))
                .build());
    this.tls = SpiffeTls.clientContext(source, PeerAuthorizer.exactly(agent));
    this.port = port;
  }

  /** A TLS connection, handshake done. */
  SSLSocket open() throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    return socket;
  }

  /** A TCP connection that never starts TLS. */
  Socket openPlain() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    return socket;
  }

  /**
   * A JSON-RPC capability call on an open connection; returns the answer's status line and body.
   */
  static String call(SSLSocket socket, String capability) throws IOException {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"message/send\",\"params\":{\"message\":"
            + "{\"kind\":\"message\",\"role\":\"user\",\"messageId\":\"m\",\"parts\":[{\"kind\":\"data\",\"data\":{}}],"
            + "\"metadata\":{\"weft.capability\":\""
            + capability
            + "\"}}}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST / HTTP/1.1\r\nHost: agent\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return readResponse(socket.getInputStream());
  }

  /** Headers announcing {@code length} bytes of body; then floods until the server hangs up. */
  static String floodAndReadStatus(SSLSocket socket, long length) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST / HTTP/1.1\r\nHost: agent\r\nContent-Type: application/json\r\nContent-Length: "
                + length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  byte[] block = new byte[64 * 1024];
                  java.util.Arrays.fill(block, (byte) ' ');
                  try {
                    for (long sent = 0; sent < length; sent += block.length) {
                      out.write(block);
                    }
                  } catch (IOException refused) {
                    // the server stopped reading: what we expect
                  }
                });
    String status = statusLine(socket.getInputStream());
    writer.join(Duration.ofSeconds(30));
    return status;
  }

  private static String readResponse(InputStream in) throws IOException {
    String head = readHead(in);
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return head.lines().findFirst().orElse("")
        + "\n"
        + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String statusLine(InputStream in) throws IOException {
    return readHead(in).lines().findFirst().orElse("");
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    source.close();
  }
}
