package dev.weft.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.agent.AgentException;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.observability.CallObserver;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.X509Svid;
import dev.weft.policy.Authorizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Short-lived SVIDs on both sides (valid a few seconds, each signed by a fresh intermediate CA of
 * its domain) are replaced every second while calls keep flowing: over pooled connections and over
 * a new connection per call, whose handshakes must use the current SVIDs since the first ones
 * expire during the test. No call fails.
 */
class RotationUnderLoadTest {

  private static final int ROTATIONS = 6;
  private static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Duration VALIDITY = Duration.ofSeconds(4);
  private static final int POOLED_CALLERS = 3;

  private final Federation federation = new Federation();

  private X509Svid shortLived(SpiffeId id) {
    Instant now = Instant.now();
    return federation
        .domainOf(id)
        .shortLivedSvid(id, now.minus(Duration.ofSeconds(1)), now.plus(VALIDITY));
  }

  @Test
  void svidsRotatedOnBothSidesUnderLoadFailNoCall() throws Exception {
    SwappableIdentitySource serverSource =
        SwappableIdentitySource.of(federation.snapshot(shortLived(Federation.SEARCH)));
    SwappableIdentitySource clientSource =
        SwappableIdentitySource.of(federation.snapshot(shortLived(Federation.ORCHESTRATOR)));
    Instant firstExpiry =
        serverSource
                .current()
                .svid()
                .leaf()
                .getNotAfter()
                .toInstant()
                .isBefore(clientSource.current().svid().leaf().getNotAfter().toInstant())
            ? clientSource.current().svid().leaf().getNotAfter().toInstant()
            : serverSource.current().svid().leaf().getNotAfter().toInstant();

    AtomicInteger epoch = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Map<Integer, AtomicInteger> freshByEpoch = new ConcurrentHashMap<>();
    AtomicReference<Instant> lastFresh = new AtomicReference<>();
    AtomicBoolean running = new AtomicBoolean(true);

    try (Node server =
            Node.start(
                serverSource,
                CallObserver.noop(),
                b ->
                    b.capability(
                        "search",
                        "echoes",
                        false,
                        (params, ctx) -> Map.of("n", params.path("n").asInt())));
        Authorizer policy = SeedPolicy.authorizer();
        MeshClient pooled = client(clientSource, policy)) {
      List<Thread> streams = new ArrayList<>();
      for (int t = 0; t < POOLED_CALLERS; t++) {
        streams.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (running.get()) {
                        call(pooled, server, calls, failures);
                      }
                    }));
      }
      streams.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (running.get()) {
                      int at = epoch.get();
                      try (MeshClient fresh = client(clientSource, policy)) {
                        if (call(fresh, server, calls, failures)) {
                          freshByEpoch
                              .computeIfAbsent(at, k -> new AtomicInteger())
                              .incrementAndGet();
                          lastFresh.set(Instant.now());
                        }
                      }
                    }
                  }));

      for (int r = 1; r <= ROTATIONS; r++) {
        Thread.sleep(PERIOD);
        awaitFreshCall(freshByEpoch, epoch.get(), failures);
        serverSource.set(federation.snapshot(shortLived(Federation.SEARCH)));
        clientSource.set(federation.snapshot(shortLived(Federation.ORCHESTRATOR)));
        epoch.incrementAndGet();
      }
      Thread.sleep(PERIOD);
      awaitFreshCall(freshByEpoch, epoch.get(), failures);
      running.set(false);
      for (Thread stream : streams) {
        stream.join();
      }
    }

    System.out.println(
        "rotation under load: "
            + calls.get()
            + " calls, "
            + failures.size()
            + " failures across "
            + ROTATIONS
            + " rotations");
    assertThat(failures).isEmpty();
    for (int e = 0; e <= ROTATIONS; e++) {
      assertThat(freshByEpoch.get(e))
          .as("new-connection calls with SVID generation %d", e)
          .isNotNull();
    }
    // The first SVIDs had expired by then: those handshakes used rotated ones on both sides.
    assertThat(lastFresh.get()).isAfter(firstExpiry);
  }

  private static MeshClient client(SwappableIdentitySource source, Authorizer policy) {
    return Agents.client(ClientConfig.builder(source, policy).build());
  }

  /** One call; false (and the failure recorded) when it fails. */
  private static boolean call(
      MeshClient client, Node server, AtomicInteger calls, List<String> failures) {
    int n = calls.incrementAndGet();
    try {
      JsonNode answer =
          client.call(
              server.id,
              server.address(),
              "search",
              JsonNodeFactory.instance.objectNode().put("n", n),
              Duration.ofSeconds(5));
      if (answer.path("n").asInt() != n) {
        failures.add("call " + n + " answered " + answer);
        return false;
      }
      return true;
    } catch (AgentException e) {
      failures.add("call " + n + ": " + e.code() + " " + e.getMessage());
      return false;
    }
  }

  /** Waits (at most a second) until a new-connection call succeeded with generation {@code e}. */
  private static void awaitFreshCall(
      Map<Integer, AtomicInteger> freshByEpoch, int e, List<String> failures)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (!freshByEpoch.containsKey(e) && failures.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(5);
    }
  }
}
