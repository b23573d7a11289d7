package dev.weft.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The circuit breaker per target, driven by a test clock. */
class BreakerTest {
  private final TestPki a = TestPki.create("a.org");
  private final SpiffeId serverId = a.id("/agent/server");
  private final MutableClock clock = MutableClock.startingNow();
  private final RecordingObserver observer = new RecordingObserver();
  private final FixtureServer.Responder unavailable =
      FixtureServer.error(ErrorCode.UNAVAILABLE, "agent overloaded");
  private final FixtureServer server;
  private final MeshClient client;

  BreakerTest() throws Exception {
    server = FixtureServer.start(a.source("/agent/server"));
    client =
        Agents.client(
            ClientConfig.builder(a.source("/agent/client"), StubAuthorizer.allowAll())
                .clock(clock)
                .observer(observer)
                .retry(RetryPolicy.none())
                .breaker(new BreakerPolicy(2, Duration.ofSeconds(30)))
                .build());
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  private void call() throws AgentException {
    ObjectNode params = FixtureServer.JSON.createObjectNode();
    client.call(serverId, server.address(), "search", params, Duration.ofSeconds(5));
  }

  private void assertFails(String message) {
    assertThatThrownBy(this::call)
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessage(message);
  }

  @Test
  void consecutiveFailuresOpenTheCircuitAndASuccessfulProbeClosesIt() throws Exception {
    server.then(unavailable, unavailable);
    assertFails("agent overloaded");
    assertFails("agent overloaded");

    assertFails("circuit open for spiffe://a.org/agent/server");
    clock.advance(Duration.ofSeconds(29));
    assertFails("circuit open for spiffe://a.org/agent/server");
    assertThat(server.requests()).hasSize(2);

    clock.advance(Duration.ofSeconds(1));
    call();
    call();

    assertThat(server.requests()).hasSize(4);
    assertThat(observer.breakerStates)
        .containsExactly(
            "spiffe://a.org/agent/server closed",
            "spiffe://a.org/agent/server open",
            "spiffe://a.org/agent/server half_open",
            "spiffe://a.org/agent/server closed");
  }

  @Test
  void aFailedProbeOpensTheCircuitAgain() throws Exception {
    server.then(unavailable, unavailable, unavailable);
    assertFails("agent overloaded");
    assertFails("agent overloaded");
    clock.advance(Duration.ofSeconds(30));

    assertFails("agent overloaded");
    assertFails("circuit open for spiffe://a.org/agent/server");

    assertThat(server.requests()).hasSize(3);
    assertThat(observer.spanErrors).containsOnly(ErrorCode.UNAVAILABLE).hasSize(4);
    assertThat(observer.breakerStates)
        .containsExactly(
            "spiffe://a.org/agent/server closed",
            "spiffe://a.org/agent/server open",
            "spiffe://a.org/agent/server half_open",
            "spiffe://a.org/agent/server open");
  }

  @Test
  void answersOtherThanUnavailabilityResetTheCount() throws Exception {
    server.then(unavailable, FixtureServer.error(ErrorCode.INVALID_ARGUMENT, "bad q"), unavailable);
    assertFails("agent overloaded");
    assertThatThrownBy(this::call).hasMessage("bad q");
    assertFails("agent overloaded");
    call();

    assertThat(server.requests()).hasSize(4);
    assertThat(observer.breakerStates).containsExactly("spiffe://a.org/agent/server closed");
  }

  @Test
  void halfOpenLetsOneProbeThroughAtATime() {
    CircuitBreaker breaker =
        new CircuitBreaker("t", new BreakerPolicy(1, Duration.ofSeconds(5)), clock, observer);
    breaker.onFailure();
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(5));

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    breaker.onAbandoned();
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
  }
}
