package dev.weft.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.agent.client.AgentRegistry;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.observability.CallObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator calls {@code search} with fallback from a primary in GCP to a secondary in
 * Azure; the primary's server is closed partway through a series of calls, and no call is lost.
 */
class FallbackTest {

  private static final int CALLS = 50;

  private final Federation federation = new Federation();
  private final AtomicInteger primaryServed = new AtomicInteger();
  private final AtomicInteger secondaryServed = new AtomicInteger();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  private Node start(
      dev.weft.identity.spiffeid.SpiffeId id,
      String cloud,
      AtomicInteger served,
      CountDownLatch slow) {
    Node node =
        Node.start(
            federation.source(id),
            CallObserver.noop(),
            b ->
                b.capability(
                    "search",
                    "answers where it ran",
                    false,
                    (params, ctx) -> {
                      served.incrementAndGet();
                      if (slow != null) {
                        slow.await(20, TimeUnit.MILLISECONDS);
                      }
                      return Map.of("cloud", cloud, "n", params.path("n").asInt());
                    }));
    closing.add(node);
    return node;
  }

  private MeshClient client(Node primary, Node secondary) {
    Node orchestrator =
        Node.start(federation.source(Federation.ORCHESTRATOR), CallObserver.noop(), b -> b);
    closing.add(orchestrator);
    MeshClient client =
        orchestrator.newClient(
            b ->
                b.registry(
                    AgentRegistry.of(
                        List.of(primary.entry("primary"), secondary.entry("secondary")))));
    closing.add(client);
    return client;
  }

  private static JsonNode search(MeshClient client, int n) throws Exception {
    return client.callWithFallback(
        List.of("primary", "secondary"),
        "search",
        JsonNodeFactory.instance.objectNode().put("n", n));
  }

  @Test
  void callsMoveToTheSecondaryWhenThePrimaryIsClosedBetweenCalls() throws Exception {
    Node primary = start(Federation.SEARCH, "gcp", primaryServed, null);
    Node secondary = start(Federation.PROCESSOR, "azure", secondaryServed, null);
    MeshClient client = client(primary, secondary);

    List<String> clouds = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      if (i == 20) {
        primary.server.close();
      }
      JsonNode answer = search(client, i);
      assertThat(answer.get("n").asInt()).isEqualTo(i);
      clouds.add(answer.get("cloud").asText());
    }

    List<String> expected = new ArrayList<>(Collections.nCopies(20, "gcp"));
    expected.addAll(Collections.nCopies(CALLS - 20, "azure"));
    assertThat(clouds).isEqualTo(expected);
    assertThat(primaryServed).hasValue(20);
    assertThat(secondaryServed).hasValue(CALLS - 20);
  }

  @Test
  void noCallIsLostWhenThePrimaryIsClosedWhileCallsRun() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Node primary = start(Federation.SEARCH, "gcp", primaryServed, never);
    Node secondary = start(Federation.PROCESSOR, "azure", secondaryServed, null);
    MeshClient client = client(primary, secondary);

    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger answered = new AtomicInteger();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      int first = t * (CALLS / 5);
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = first; i < first + CALLS / 5; i++) {
                      try {
                        assertThat(search(client, i).get("n").asInt()).isEqualTo(i);
                        answered.incrementAndGet();
                      } catch (Throwable e) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    // Close the primary once it has served some calls, while others are still on their way.
    while (primaryServed.get() < 10 && callers.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(1);
    }
    primary.server.close();
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(failures).isEmpty();
    assertThat(answered).hasValue(CALLS);
    assertThat(primaryServed.get()).isGreaterThanOrEqualTo(10);
    assertThat(secondaryServed.get()).isPositive();
  }
}
