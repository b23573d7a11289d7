package dev.weft.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client sends again, and what it does not send at all: a request whose pooled connection
 * closed unanswered is repeated only when it is idempotent; a call whose deadline has passed is
 * refused before the policy and before anything is sent; the breaker gauge exists from the first
 * call.
 */
class ClientResendTest {
  private final TestPki a = TestPki.create("a.org");
  private final SpiffeId serverId = a.id("/agent/server");
  private final SwappableIdentitySource self = a.source("/agent/client");
  private final MutableClock clock = MutableClock.startingNow();
  private final StubAuthorizer policy = StubAuthorizer.allowAll();
  private final RecordingObserver observer = new RecordingObserver();
  private FixtureServer server;
  private MeshClient client;

  private MeshClient client() {
    client =
        Agents.client(
            ClientConfig.builder(self, policy)
                .clock(clock)
                .observer(observer)
                .retry(RetryPolicy.none())
                .build());
    return client;
  }

  private static ObjectNode params(String q) {
    return FixtureServer.JSON.createObjectNode().put("q", q);
  }

  /** Reads the request, then closes the connection without a byte of answer. */
  private static final FixtureServer.Responder HANG_UP = (exchange, seen) -> exchange.close();

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
  void aRequestAPooledConnectionLeftUnansweredIsNotSentAgainUnlessIdempotent() throws Exception {
    server = FixtureServer.start(a.source("/agent/server")).card(java.util.Map.of());
    MeshClient c = client();
    c.call(serverId, server.address(), "charge", params("warm"), Duration.ofSeconds(5));
    server.then(HANG_UP);

    assertThatThrownBy(
            () ->
                c.call(serverId, server.address(), "charge", params("once"), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

    assertThat(server.requests())
        .extracting(s -> s.params().path("q").asText())
        .containsExactly("warm", "once");
  }

  @Test
  void anIdempotentRequestAPooledConnectionLeftUnansweredIsSentOnceMore() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    MeshClient c = client();
    CallOptions idempotent = CallOptions.defaults().idempotent(true).timeout(Duration.ofSeconds(5));
    c.call(serverId, server.address(), "search", params("warm"), idempotent);
    server.then(HANG_UP);

    JsonNode result = c.call(serverId, server.address(), "search", params("twice"), idempotent);

    assertThat(result.at("/echo/q").asText()).isEqualTo("twice");
    assertThat(server.requests())
        .extracting(s -> s.params().path("q").asText())
        .containsExactly("warm", "twice", "twice");
  }

  @Test
  void aCallWhoseDeadlineHasPassedIsRefusedBeforeThePolicyAndBeforeSending() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    MeshClient c = client();
    Instant past = clock.instant().minusMillis(1);

    assertThatThrownBy(
            () ->
                CallScope.call(
                    past,
                    null,
                    () ->
                        c.call(
                            serverId,
                            server.address(),
                            "search",
                            params("late"),
                            Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED))
        .hasMessage(
            "the deadline of this call to spiffe://a.org/agent/server had passed before"
                + " it was sent; nothing was sent");
    assertThat(policy.requests).isEmpty();
    assertThat(server.requests()).isEmpty();
    assertThat(server.connections()).isZero();
  }

  @Test
  void theBreakerStateIsReportedWhenTheBreakerIsCreated() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));

    client().call(serverId, server.address(), "search", params("x"), Duration.ofSeconds(5));

    assertThat(observer.breakerStates).containsExactly("spiffe://a.org/agent/server closed");
  }
}
