package dev.weft.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.observability.CallObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A capability that outlives its caller's timeout: the caller gets DEADLINE_EXCEEDED, and the
 * server interrupts the capability's thread rather than letting it run on.
 */
class DeadlineTest {

  private final Federation federation = new Federation();

  @Test
  void aCapabilitySlowerThanTheTimeoutIsDeadlineExceededAndInterrupted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    try (Node server =
            Node.start(
                federation.source(Federation.ORCHESTRATOR),
                CallObserver.noop(),
                b ->
                    b.capability(
                        "slow",
                        "sleeps a minute",
                        false,
                        (params, ctx) -> {
                          started.countDown();
                          try {
                            Thread.sleep(Duration.ofMinutes(1));
                            finished.set(true);
                          } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                          }
                          return null;
                        }));
        Node user = Node.start(federation.source(Federation.USER), CallObserver.noop(), b -> b);
        MeshClient client = user.newClient(b -> b)) {
      assertThatThrownBy(
              () ->
                  client.call(
                      server.id,
                      server.address(),
                      "slow",
                      JsonNodeFactory.instance.objectNode(),
                      Duration.ofMillis(500)))
          .isInstanceOfSatisfying(
              AgentException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED))
          .message()
          // Whichever notices first: the caller's timer or the server's deadline.
          .matches(
              "deadline exceeded calling spiffe://aws\\.company\\.com/agent/orchestrator"
                  + "|capability slow exceeded its deadline of \\d+ ms");

      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(finished).isFalse();
    }
  }
}
