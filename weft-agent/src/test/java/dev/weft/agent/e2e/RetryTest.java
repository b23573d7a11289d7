package dev.weft.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.client.RetryPolicy;
import dev.weft.agent.observability.CallObserver;
import dev.weft.agent.server.CapabilityHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A transient UNAVAILABLE from a capability: the client retries it when the agent card declares the
 * capability idempotent, and not otherwise.
 */
class RetryTest {

  private final Federation federation = new Federation();
  private final AtomicInteger idempotentCalls = new AtomicInteger();
  private final AtomicInteger otherCalls = new AtomicInteger();
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final Node server =
      Node.start(
          federation.source(Federation.ORCHESTRATOR),
          CallObserver.noop(),
          b ->
              b.capability("lookup", "fails once, then answers", true, failsOnce(idempotentCalls))
                  .capability("charge", "fails once, then answers", false, failsOnce(otherCalls)));
  private final Node user =
      Node.start(federation.source(Federation.USER), CallObserver.noop(), b -> b);
  private final MeshClient client =
      user.newClient(
          b ->
              b.retry(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), 0.2, 10))
                  .sleeper(waits::add));

  @AfterEach
  void close() {
    client.close();
    user.close();
    server.close();
  }

  private static CapabilityHandler failsOnce(AtomicInteger calls) {
    return (params, ctx) -> {
      int n = calls.incrementAndGet();
      if (n == 1) {
        throw new AgentException(ErrorCode.UNAVAILABLE, "warming up, try again");
      }
      return Map.of("attempt", n);
    };
  }

  private JsonNode call(String capability) throws AgentException {
    return client.call(
        server.id,
        server.address(),
        capability,
        JsonNodeFactory.instance.objectNode(),
        Duration.ofSeconds(10));
  }

  @Test
  void anIdempotentCapabilityIsRetriedAfterUnavailable() throws Exception {
    assertThat(call("lookup")).isEqualTo(JsonNodeFactory.instance.objectNode().put("attempt", 2));
    assertThat(idempotentCalls).hasValue(2);
    assertThat(waits).hasSize(1);
  }

  @Test
  void aCapabilityNotDeclaredIdempotentIsNotRetried() throws Exception {
    assertThatThrownBy(() -> call("charge"))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessage("warming up, try again");
    assertThat(otherCalls).hasValue(1);
    assertThat(waits).isEmpty();

    assertThat(call("charge")).isEqualTo(JsonNodeFactory.instance.objectNode().put("attempt", 2));
  }
}
