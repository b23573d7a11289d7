package dev.weft.trust.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bundle endpoint under hostile clients, over real sockets: idle connections, connections over
 * the cap, a TLS handshake that never finishes, a request head sent a byte at a time, a head over
 * the size limit, a huge body. Each is closed or refused and counted, and afterwards the real
 * fetcher still gets the bundle.
 */
class BundleEndpointLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration LONG = Duration.ofMinutes(5);

  private final List<Socket> sockets = new ArrayList<>();
  private EndpointFixture endpoint;

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void hundredsOfIdleConnectionsDoNotKeepOthersFromTheBundle() throws Exception {
    endpoint = EndpointFixture.web(limits(1024, LONG, LONG, 16 << 10, 4 << 20));
    for (int i = 0; i < 300; i++) {
      connect();
    }
    await().atMost(WAIT).until(() -> endpoint.server().openConnections() == 300);

    assertFetches();
    assertThat(endpoint.server().refusals()).isZero();
  }

  @Test
  void connectionsOverTheCapAreClosedAsTheyAreAcceptedAndCounted() throws Exception {
    endpoint = EndpointFixture.web(limits(50, LONG, LONG, 16 << 10, 4 << 20));
    List<Socket> idle = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      idle.add(connect());
    }
    await().atMost(WAIT).until(() -> endpoint.server().openConnections() == 50);
    List<Socket> over = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      over.add(connect());
    }

    for (Socket s : over) {
      assertClosedByServer(s);
    }
    assertThat(endpoint.server().refusals()).isEqualTo(250);
    assertThat(endpoint.server().openConnections()).isEqualTo(50);
    for (Socket s : idle) {
      s.close();
    }
    await().atMost(WAIT).until(() -> endpoint.server().openConnections() == 0);
    assertFetches();
  }

  @Test
  void aHalfOpenTlsHandshakeIsClosedAtTheHandshakeTimeout() throws Exception {
    endpoint = EndpointFixture.web(limits(1024, Duration.ofMillis(300), LONG, 16 << 10, 4 << 20));
    Socket half = connect();
    // a TLS handshake record header announcing 512 bytes, and the first 4 of them
    half.getOutputStream()
        .write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc});
    half.getOutputStream().flush();

    assertClosedByServer(half);
    await().atMost(WAIT).until(() -> endpoint.server().refusals() == 1);
    assertFetches();
  }

  @Test
  void aRequestHeadSentAByteAtATimeIsCutOffAtTheRequestTimeout() throws Exception {
    endpoint = EndpointFixture.web(limits(1024, LONG, Duration.ofMillis(500), 16 << 10, 4 << 20));
    SSLSocket slow = tls();
    OutputStream out = slow.getOutputStream();
    out.write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    // one more header byte every 20 ms: never idle long enough for a per-read timeout
    Thread dribbler =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < 10_000; i++) {
                      out.write('x');
                      out.flush();
                      TimeUnit.MILLISECONDS.sleep(20);
                    }
                  } catch (IOException | InterruptedException e) {
                    // the server closed the connection
                  }
                });

    assertClosedByServer(slow);
    assertThat(dribbler.join(WAIT)).isTrue();
    assertThat(endpoint.server().refusals()).isEqualTo(1);
    assertFetches();
  }

  @Test
  void aRequestHeadOverTheHeaderLimitIsAnswered431() throws Exception {
    endpoint = EndpointFixture.web(limits(1024, LONG, LONG, 4 << 10, 4 << 20));
    String head =
        "GET / HTTP/1.1\r\nHost: localhost\r\n" + "X-Filler: " + "f".repeat(8 << 10) + "\r\n\r\n";

    assertThat(exchange(head))
        .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
        .endsWith("request head longer than 4096 bytes (limit max_header_bytes)\n");
    assertThat(endpoint.server().refusals()).isEqualTo(1);
    assertFetches();
  }

  @Test
  void aHugeBodyIsAnswered413BeforeItIsRead() throws Exception {
    endpoint = EndpointFixture.web(limits(1024, LONG, LONG, 16 << 10, 4 << 20));
    String get = "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 67108864\r\n\r\n";
    String post =
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";

    assertThat(exchange(get))
        .startsWith("HTTP/1.1 413 Content Too Large\r\n")
        .endsWith(
            "request body of 67108864 bytes is larger than 4194304 bytes (limit max_request_bytes)\n");
    assertThat(exchange(post)).startsWith("HTTP/1.1 413 Content Too Large\r\n");
    assertThat(endpoint.server().refusals()).isEqualTo(2);
    // a small body is read and dropped; the bundle is served
    assertThat(exchange("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"))
        .startsWith("HTTP/1.1 200 OK\r\n");
    assertFetches();
  }

  private static BundleEndpointServer.Limits limits(
      int connections, Duration handshake, Duration request, int headerBytes, int bodyBytes) {
    return new BundleEndpointServer.Limits(connections, handshake, request, headerBytes, bodyBytes);
  }

  /** The real fetcher gets the bundle. */
  private void assertFetches() throws Exception {
    BundleFetcher fetcher =
        new BundleFetcher(FetchLimits.defaults(), endpoint.webClientTls(), Clock.systemUTC());
    assertThat(fetcher.fetch(endpoint.webRelationship(), Optional.empty(), OptionalLong.empty()))
        .isEqualTo(endpoint.bundle(1));
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", endpoint.url().getPort());
    sockets.add(s);
    return s;
  }

  private SSLSocket tls() throws Exception {
    SSLSocket s =
        (SSLSocket)
            endpoint
                .webClientTls()
                .getSocketFactory()
                .createSocket("localhost", endpoint.url().getPort());
    sockets.add(s);
    s.startHandshake();
    return s;
  }

  private String exchange(String request) throws Exception {
    return endpoint.exchange(request);
  }

  private static void assertClosedByServer(Socket s) throws IOException {
    s.setSoTimeout((int) WAIT.toMillis());
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // an alert or the rest of an answer, then the end
      }
    } catch (SocketException | SSLException e) {
      // reset or TLS alert: closed all the same
    }
  }
}
