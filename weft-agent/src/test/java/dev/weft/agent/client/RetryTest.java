package dev.weft.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries of idempotent capabilities, with an injected sleeper that moves a test clock. */
class RetryTest {
  private final TestPki a = TestPki.create("a.org");
  private final SpiffeId serverId = a.id("/agent/server");
  private final MutableClock clock = MutableClock.startingNow();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final FixtureServer.Responder unavailable =
      FixtureServer.error(ErrorCode.UNAVAILABLE, "agent overloaded");
  private final FixtureServer server;
  private MeshClient client;

  RetryTest() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
  }

  private MeshClient client(RetryPolicy retry) {
    client =
        Agents.client(
            ClientConfig.builder(a.source("/agent/client"), StubAuthorizer.allowAll())
                .clock(clock)
                .retry(retry)
                .breaker(new BreakerPolicy(1000, Duration.ofSeconds(30)))
                .sleeper(
                    d -> {
                      sleeps.add(d);
                      clock.advance(d);
                    })
                .build());
    return client;
  }

  private static ObjectNode params() {
    return FixtureServer.JSON.createObjectNode().put("q", "x");
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  @Test
  void anIdempotentCapabilityIsRetriedAfterUnavailableWithJitteredBackoff() throws Exception {
    server.card(Map.of("search", true)).then(unavailable, unavailable);
    MeshClient c = client(RetryPolicy.DEFAULT);

    assertThat(
            c.call(serverId, server.address(), "search", params(), Duration.ofSeconds(10))
                .path("capability")
                .asText())
        .isEqualTo("search");

    assertThat(server.requests()).hasSize(3);
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
    assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    assertThat(server.cardFetches()).isEqualTo(1);
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void aCapabilityTheCardDoesNotMarkIdempotentIsNotRetried() throws Exception {
    server.card(Map.of("charge", false, "search", true)).then(unavailable);
    MeshClient c = client(RetryPolicy.DEFAULT);

    assertThatThrownBy(
            () -> c.call(serverId, server.address(), "charge", params(), Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessage("agent overloaded");
    assertThat(server.requests()).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void withoutACardNothingIsRetriedUnlessTheCallSaysIdempotent() throws Exception {
    server.then(unavailable, unavailable);
    MeshClient c = client(RetryPolicy.DEFAULT);

    assertThatThrownBy(
            () -> c.call(serverId, server.address(), "search", params(), Duration.ofSeconds(10)))
        .isInstanceOf(AgentException.class)
        .hasMessage("agent overloaded");
    assertThat(server.requests()).hasSize(1);
    assertThat(server.cardFetches()).isEqualTo(1);

    c.call(serverId, server.address(), "search", params(), CallOptions.defaults().idempotent(true));
    assertThat(server.requests()).hasSize(3);
    assertThat(server.cardFetches()).isEqualTo(1);
  }

  @Test
  void theAgentCardIsCachedForItsTtl() throws Exception {
    server.card(Map.of("search", true)).then(unavailable);
    MeshClient c = client(RetryPolicy.DEFAULT);

    c.call(serverId, server.address(), "search", params(), Duration.ofSeconds(10));
    server.then(unavailable);
    c.call(serverId, server.address(), "search", params(), Duration.ofSeconds(10));
    assertThat(server.cardFetches()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    server.then(unavailable);
    c.call(serverId, server.address(), "search", params(), Duration.ofSeconds(10));
    assertThat(server.cardFetches()).isEqualTo(2);
    assertThat(server.requests()).hasSize(6);
  }

  @Test
  void nonRetryableErrorsAreNotRetried() throws Exception {
    server.card(Map.of("search", true)).then(FixtureServer.error(ErrorCode.INTERNAL, "boom"));
    MeshClient c = client(RetryPolicy.DEFAULT);

    assertThatThrownBy(
            () -> c.call(serverId, server.address(), "search", params(), Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
        .hasMessage("boom");
    assertThat(server.requests()).hasSize(1);
    assertThat(server.cardFetches()).isZero();
  }

  @Test
  void attemptsStopAtMaxAttempts() throws Exception {
    server.always(unavailable);
    MeshClient c = client(RetryPolicy.DEFAULT);

    assertThatThrownBy(
            () ->
                c.call(
                    serverId,
                    server.address(),
                    "search",
                    params(),
                    CallOptions.defaults().idempotent(true)))
        .isInstanceOf(AgentException.class)
        .hasMessage("agent overloaded");
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void noRetryWaitsPastTheDeadline() throws Exception {
    server.always(unavailable);
    MeshClient c = client(new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 10));
    // the sleeper moves the test clock by each wait; waits are up to 1 s, the timeout 500 ms
    assertThatThrownBy(
            () ->
                c.call(
                    serverId,
                    server.address(),
                    "search",
                    params(),
                    CallOptions.defaults().idempotent(true).timeout(Duration.ofMillis(500))))
        .isInstanceOf(AgentException.class)
        .hasMessage("agent overloaded");
    assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
        .isLessThan(Duration.ofMillis(500));
    assertThat(server.requests()).hasSize(sleeps.size() + 1);
  }

  @Test
  void theRetryBudgetLimitsRetriesToItsShareOfCalls() throws Exception {
    server.always(unavailable);
    // a burst of 1 retry, then one retry per 5 calls
    MeshClient c = client(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(10), 0.2, 1));
    CallOptions idempotent = CallOptions.defaults().idempotent(true);

    int[] attemptsPerCall = new int[6];
    for (int i = 0; i < attemptsPerCall.length; i++) {
      int before = server.requests().size();
      assertThatThrownBy(() -> c.call(serverId, server.address(), "search", params(), idempotent))
          .isInstanceOf(AgentException.class);
      attemptsPerCall[i] = server.requests().size() - before;
    }

    assertThat(attemptsPerCall).containsExactly(2, 1, 1, 1, 1, 2);
  }
}
