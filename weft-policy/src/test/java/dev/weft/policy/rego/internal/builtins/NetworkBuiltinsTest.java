package dev.weft.policy.rego.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.NetworkAccess;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code http.send} and {@code net.lookup_ip_addr} against a real server on a loopback port. */
class NetworkBuiltinsTest {

  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/json",
        exchange -> {
          hits.incrementAndGet();
          byte[] body =
              ("{\"method\": \""
                      + exchange.getRequestMethod()
                      + "\", \"agent\": \""
                      + exchange.getRequestHeaders().getFirst("X-Agent")
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/big",
        exchange -> {
          byte[] body = new byte[64];
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static List<Value> eval(String query, EvalOptions options) throws PolicyException {
    return RegoPolicy.builder()
        .build()
        .prepare("x := " + query)
        .evaluate(options)
        .solutions()
        .stream()
        .map(s -> s.bindings().get("x"))
        .toList();
  }

  private static EvalOptions strict() {
    return EvalOptions.of(null).withStrictBuiltinErrors(true);
  }

  private String send(String path) {
    return "http.send({\"method\": \"get\", \"url\": \""
        + url
        + path
        + "\", \"headers\": {\"X-Agent\": \"weft\"}})";
  }

  @Test
  void networkBuiltinsAreRefusedUnlessTheEngineAllowsTheNetwork() {
    assertThatThrownBy(() -> eval(send("/json"), strict()))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining(
            "eval_builtin_error: http.send: unallowed host: 127.0.0.1 "
                + "(expected: network access turned on for the engine; it is off by default)");
    assertThatThrownBy(() -> eval("net.lookup_ip_addr(\"localhost\")", strict()))
        .hasMessageContaining("net.lookup_ip_addr: unallowed host: localhost");
    assertThat(hits).hasValue(0);
  }

  @Test
  void anAllowedHostIsCalledAndItsJsonAnswerDecoded() throws Exception {
    Value response = eval(send("/json"), strict().withNetwork(NetworkAccess.allowAll())).getFirst();
    assertThat(response.toString())
        .contains(
            "\"status\": \"200 OK\"",
            "\"status_code\": 200",
            "\"body\": {\"agent\": \"weft\", \"method\": \"GET\"}",
            "\"content-type\": [\"application/json\"]");
  }

  @Test
  void onlyTheListedHostsMayBeReached() throws Exception {
    assertThatThrownBy(
            () ->
                eval(
                    send("/json"),
                    strict().withNetwork(NetworkAccess.hosts(List.of("example.org")))))
        .hasMessageContaining("http.send: unallowed host: 127.0.0.1");
    assertThat(eval(send("/json"), strict().withNetwork(NetworkAccess.hosts(List.of("127.0.0.1")))))
        .hasSize(1);
  }

  @Test
  void identicalRequestsInOneQueryAreSentOnce() throws Exception {
    eval(
        "[" + send("/json") + ", " + send("/json") + "]",
        strict().withNetwork(NetworkAccess.allowAll()));
    assertThat(hits).hasValue(1);
  }

  @Test
  void errorsCanBeReturnedAsValues() throws Exception {
    String refused =
        "http.send({\"method\": \"get\", \"url\": \"http://127.0.0.1:1/\", "
            + "\"raise_error\": false})";
    assertThat(eval(refused, strict().withNetwork(NetworkAccess.allowAll())).getFirst())
        .hasToString(
            "{\"error\": {\"code\": \"eval_http_send_network_error\", \"message\": "
                + "\"Get \\\"http://127.0.0.1:1/\\\": dial tcp 127.0.0.1:1: connect: connection "
                + "refused\"}, \"status_code\": 0}");
    assertThatThrownBy(() -> eval("http.send({\"method\": \"get\"})", strict()))
        .hasMessageContaining(
            "eval_type_error: http.send: operand 1 missing required request "
                + "parameters(s): {\"url\"}");
  }

  @Test
  void responsesOverTheCapAreRefused() {
    assertThatThrownBy(
            () ->
                eval(
                    send("/big"),
                    strict().withNetwork(NetworkAccess.allowAll().withMaxResponseBytes(16))))
        .hasMessageContaining("larger than 16 bytes (expected: at most 16)");
  }

  @Test
  void httpSendCanBeReplacedWithWithAndThenNeedsNoNetwork() throws Exception {
    RegoPolicy policy =
        RegoPolicy.builder()
            .module(
                "p.rego",
                """
        package p
        mock(_) := {"status_code": 418}
        code := http.send({"method": "get", "url": "https://example.org/"}).status_code
        mocked := c if {
          c := code with http.send as mock
        }
        """)
            .build();
    assertThat(
            policy
                .prepare("x := data.p.mocked")
                .evaluate(strict())
                .solutions()
                .getFirst()
                .bindings()
                .get("x"))
        .hasToString("418");
  }

  @Test
  void namesResolveWhenAllowed() throws Exception {
    assertThat(
            eval(
                    "net.lookup_ip_addr(\"localhost\")",
                    strict().withNetwork(NetworkAccess.hosts(List.of("localhost"))))
                .getFirst()
                .toString())
        .contains("127.0.0.1");
  }
}
