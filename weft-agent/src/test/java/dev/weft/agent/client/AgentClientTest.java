package dev.weft.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.observability.TraceContext;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls over real mutual TLS to a fixture server on 127.0.0.1. */
class AgentClientTest {
  private final TestPki a = TestPki.create("a.org");
  private final SpiffeId serverId = a.id("/agent/server");
  private final SwappableIdentitySource self = a.source("/agent/client");
  private final MutableClock clock = MutableClock.startingNow();
  private final StubAuthorizer policy = StubAuthorizer.allowAll();
  private FixtureServer server;
  private MeshClient client;

  private MeshClient client(StubAuthorizer authorizer, AgentRegistry registry) {
    client =
        Agents.client(
            ClientConfig.builder(self, authorizer)
                .registry(registry)
                .clock(clock)
                .retry(RetryPolicy.none())
                .build());
    return client;
  }

  private static ObjectNode params(String q) {
    return FixtureServer.JSON.createObjectNode().put("q", q);
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void callSendsAMessageAndReturnsTheResultData() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    JsonNode result =
        client(policy, AgentRegistry.empty())
            .call(serverId, server.address(), "search", params("weft"), Duration.ofSeconds(5));

    assertThat(result.toString())
        .isEqualTo("{\"echo\":{\"q\":\"weft\"},\"capability\":\"search\"}");
    FixtureServer.Seen seen = server.requests().getFirst();
    assertThat(seen.peer()).isEqualTo(a.id("/agent/client"));
    assertThat(seen.body().get("method").asText()).isEqualTo("message/send");
    assertThat(seen.body().at("/params/message/role").asText()).isEqualTo("user");
    assertThat(seen.body().at("/params/message/parts/0/kind").asText()).isEqualTo("data");
    assertThat(seen.header("content-type")).isEqualTo("application/json");
    assertThat(policy.requests).hasSize(1);
    assertThat(policy.requests.getFirst().toString())
        .isEqualTo("spiffe://a.org/agent/client -> spiffe://a.org/agent/server: search");
  }

  @Test
  void aServerWithAnotherIdOfTheSameDomainIsRefused() throws Exception {
    server = FixtureServer.start(a.source("/agent/impostor"));
    MeshClient c = client(policy, AgentRegistry.empty());

    assertThatThrownBy(
            () -> c.call(serverId, server.address(), "search", params("x"), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessage(
            "TLS with spiffe://a.org/agent/server at "
                + server.address()
                + " failed: TLS peer "
                + "spiffe://a.org/agent/impostor is not authorized: not one of "
                + "[spiffe://a.org/agent/server]");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anOutboundDenySendsNothing() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    MeshClient c =
        client(StubAuthorizer.denying("denied by weft/authz: not today"), AgentRegistry.empty());

    assertThatThrownBy(
            () -> c.call(serverId, server.address(), "search", params("x"), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessage("denied by weft/authz: not today");
    assertThat(server.requests()).isEmpty();
    assertThat(server.connections()).isZero();
  }

  @Test
  void theDeadlineHeaderCarriesTheTimeLeftCappedByTheServedCall() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    MeshClient c = client(policy, AgentRegistry.empty());

    c.call(serverId, server.address(), "search", params("x"), Duration.ofSeconds(5));
    CallScope.call(
        clock.instant().plusSeconds(2),
        null,
        () -> c.call(serverId, server.address(), "search", params("y"), Duration.ofSeconds(5)));
    CallScope.call(
        clock.instant().plusSeconds(9),
        null,
        () -> c.call(serverId, server.address(), "search", params("z"), Duration.ofSeconds(5)));

    assertThat(server.requests())
        .extracting(s -> s.header("x-weft-deadline-ms"))
        .containsExactly("5000", "2000", "5000");
  }

  @Test
  void aCallWhoseServedDeadlineHasPassedFailsWithoutSending() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    MeshClient c = client(policy, AgentRegistry.empty());

    assertThatThrownBy(
            () ->
                CallScope.call(
                    clock.instant(),
                    null,
                    () ->
                        c.call(
                            serverId,
                            server.address(),
                            "search",
                            params("y"),
                            Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED))
        .hasMessage(
            "the deadline of this call to spiffe://a.org/agent/server had passed before"
                + " it was sent; nothing was sent");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aServerThatDoesNotAnswerInTimeEndsInDeadlineExceeded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server =
        FixtureServer.start(a.source("/agent/server"))
            .always(
                (exchange, seen) -> {
                  try {
                    release.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  FixtureServer.echo(exchange, seen);
                });
    MeshClient c = client(policy, AgentRegistry.empty());
    try {
      assertThatThrownBy(
              () -> c.call(serverId, server.address(), "slow", params("x"), Duration.ofMillis(300)))
          .isInstanceOfSatisfying(
              AgentException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED))
          .hasMessage("deadline exceeded calling spiffe://a.org/agent/server");
    } finally {
      release.countDown();
    }
  }

  @Test
  void theTraceIsContinuedInsideAServedCall() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    MeshClient c = client(policy, AgentRegistry.empty());
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parent = "00-" + traceId + "-00f067aa0ba902b7-01";

    c.call(serverId, server.address(), "search", params("x"), Duration.ofSeconds(5));
    CallScope.call(
        clock.instant().plusSeconds(5),
        parent,
        () -> c.call(serverId, server.address(), "search", params("y"), Duration.ofSeconds(5)));

    List<String> sent = server.requests().stream().map(s -> s.header("traceparent")).toList();
    assertThat(TraceContext.traceId(sent.get(0))).isNotNull().isNotEqualTo(traceId);
    assertThat(TraceContext.traceId(sent.get(1))).isEqualTo(traceId);
    assertThat(sent.get(1)).isNotEqualTo(parent);
    assertThat(policy.requests.get(1).traceId()).isEqualTo(traceId);
  }

  @Test
  void jsonRpcErrorsComeBackWithTheirCodeAndMessage() throws Exception {
    server =
        FixtureServer.start(a.source("/agent/server"))
            .then(
                FixtureServer.error(
                    ErrorCode.PERMISSION_DENIED, "caller is not in gcp.company.com"),
                FixtureServer.error(ErrorCode.NOT_FOUND, "no capability \"nope\""));
    MeshClient c = client(policy, AgentRegistry.empty());

    assertThatThrownBy(
            () -> c.call(serverId, server.address(), "search", params("x"), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessage("caller is not in gcp.company.com");
    assertThatThrownBy(
            () -> c.call(serverId, server.address(), "nope", params("x"), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessage("no capability \"nope\"");
  }

  @Test
  void manyCallsShareOneTlsConnection() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    MeshClient c = client(policy, AgentRegistry.empty());

    for (int i = 0; i < 10; i++) {
      c.call(serverId, server.address(), "search", params("q" + i), Duration.ofSeconds(5));
    }

    assertThat(server.requests()).hasSize(10);
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void callsByRegistryNameAndUnknownNames() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    MeshClient c =
        client(
            policy,
            AgentRegistry.of(
                List.of(AgentRegistry.Entry.of("search", serverId, server.address()))));

    assertThat(c.call("search", "search", params("x")).path("capability").asText())
        .isEqualTo("search");
    assertThatThrownBy(() -> c.call("billing", "charge", params("x")))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessage("agent \"billing\" is not in the registry AgentRegistry[search]");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aClosedPortIsUnavailable() throws Exception {
    URI closed = closedPort();
    MeshClient c = client(policy, AgentRegistry.empty());

    assertThatThrownBy(() -> c.call(serverId, closed, "search", params("x"), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessageStartingWith("spiffe://a.org/agent/server at " + closed + " is unreachable: ");
  }

  @Test
  void paramsMustBeAnObject() {
    MeshClient c = client(policy, AgentRegistry.empty());

    assertThatThrownBy(
            () ->
                c.call(
                    serverId,
                    URI.create("https://127.0.0.1:1/"),
                    "search",
                    FixtureServer.JSON.createArrayNode(),
                    Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("params: ARRAY (expected: a JSON object)");
    assertThat(policy.requests).isEmpty();
  }

  static URI closedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return URI.create("https://127.0.0.1:" + port + "/");
  }
}
