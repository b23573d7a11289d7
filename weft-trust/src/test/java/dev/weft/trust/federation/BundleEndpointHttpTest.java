package dev.weft.trust.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bundle endpoint's HTTP, request by request over real TLS: what it serves, and the status of
 * each request it does not (RFC 9112 framing; one request per connection).
 */
class BundleEndpointHttpTest {
  private static final String HOST = "Host: localhost\r\n";

  private EndpointFixture endpoint;

  @BeforeEach
  void start() throws Exception {
    endpoint =
        EndpointFixture.web(
            new BundleEndpointServer.Limits(
                16,
                java.time.Duration.ofSeconds(30),
                java.time.Duration.ofSeconds(30),
                1024,
                1024));
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void getServesTheBundleAndClosesTheConnection() throws Exception {
    String answer = endpoint.exchange("GET / HTTP/1.1\r\n" + HOST + "\r\n");

    assertThat(answer)
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains(
            "Content-Type: application/json\r\n",
            "Cache-Control: no-store\r\n",
            "Connection: close\r\n");
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertThat(SpiffeBundleFormat.parse(EndpointFixture.PARTNER, body))
        .isEqualTo(endpoint.bundle(1));
    assertThat(answer).contains("Content-Length: " + body.length() + "\r\n");
  }

  @Test
  void headGetsTheHeadersWithoutTheBody() throws Exception {
    String get = endpoint.exchange("GET / HTTP/1.1\r\n" + HOST + "\r\n");
    String head = endpoint.exchange("HEAD / HTTP/1.1\r\n" + HOST + "\r\n");

    assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
    assertThat(head)
        .contains(
            get.lines().filter(l -> l.startsWith("Content-Length:")).findFirst().orElseThrow());
  }

  @Test
  void theTargetMayCarryAQueryOrBeAbsoluteAndHttp10NeedsNoHost() throws Exception {
    assertThat(endpoint.exchange("GET /?x=1 HTTP/1.1\r\n" + HOST + "\r\n"))
        .startsWith("HTTP/1.1 200 ");
    assertThat(endpoint.exchange("GET https://localhost/ HTTP/1.1\r\n" + HOST + "\r\n"))
        .startsWith("HTTP/1.1 200 ");
    assertThat(endpoint.exchange("\r\nGET / HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    assertThat(endpoint.exchange("GET / HTTP/1.1\n" + "Host: localhost\n\n"))
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(endpoint.exchange("GET /keys HTTP/1.1\r\n" + HOST + "\r\n"))
        .startsWith("HTTP/1.1 404 Not Found\r\n");
    assertThat(endpoint.exchange("DELETE / HTTP/1.1\r\n" + HOST + "\r\n"))
        .startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
        .contains("Allow: GET, HEAD\r\n");
  }

  @Test
  void malformedRequestsAre400AndOtherVersions505() throws Exception {
    assertThat(endpoint.exchange("GET / HTTP/1.1\r\n\r\n"))
        .startsWith("HTTP/1.1 400 Bad Request\r\n")
        .endsWith("an HTTP/1.1 request needs exactly one Host field\n");
    assertThat(endpoint.exchange("GET  / HTTP/1.1\r\n" + HOST + "\r\n"))
        .startsWith("HTTP/1.1 400 ");
    assertThat(endpoint.exchange("GET / HTTP/1.1\r\n" + HOST + " folded\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ");
    assertThat(
            endpoint.exchange(
                "GET / HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ")
        .endsWith("conflicting Content-Length fields\n");
    assertThat(endpoint.exchange("GET / HTTP/1.1\r\n" + HOST + "Content-Length: -1\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ");
    assertThat(endpoint.exchange("GET / HTTP/2.0\r\n" + HOST + "\r\n")).startsWith("HTTP/1.1 505 ");
    // malformed requests are not limits: nothing counted
    assertThat(endpoint.server().refusals()).isZero();
  }

  @Test
  void aRequestLineOverTheHeaderLimitIs414() throws Exception {
    assertThat(endpoint.exchange("GET /" + "a".repeat(2048) + " HTTP/1.1\r\n" + HOST + "\r\n"))
        .startsWith("HTTP/1.1 414 URI Too Long\r\n");
    assertThat(endpoint.server().refusals()).isEqualTo(1);
  }
}
