package dev.weft.controller;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.controller.api.ControllerClient;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.node.ControllerEndpoint;
import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import dev.weft.fabric.session.CloseReason;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.fabric.session.SessionHandler;
import dev.weft.fabric.session.SessionStats;
import dev.weft.identity.spiffeid.SpiffeId;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's "a node is killed mid-stream with 0 acknowledged messages lost", with the controller:
 * two nodes in each of cluster-a.test and cluster-b.test routed by it over real mTLS; a session
 * streams 10,000 messages from alice (cluster-a) to bob (cluster-b), and bob's node is killed
 * mid-stream. Bob's client reconnects (to the same node restarted, or to the next node of its list
 * when the first is gone for good), the controller routes his instance name to where he is now, and
 * the session resumes: his handler sees every message exactly once, in order.
 */
class SessionFailoverTest {

  private static final Name SINK = Name.parse("cluster-b.test/sink/bob");
  private static final int COUNT = 10_000;

  @TempDir Path dir;
  private ControllerFixture fixture;
  private int southboundPort;
  private ControllerClient api;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fixture = new ControllerFixture(dir);
    southboundPort = dev.weft.testing.Ports.free();
    fixture.start(fixture.config(southboundPort));
    api = fixture.closeLater(ControllerClient.overSocket(dir.resolve("controller.sock")));
    for (String cluster : List.of("a", "b")) {
      for (int i = 0; i < 2; i++) {
        startNode(cluster, i);
      }
    }
    awaitConnected(4);
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // closing
      }
    }
    nodes.values().forEach(Node::close);
    fixture.close();
  }

  @Test
  void theReceiversNodeIsKilledAndRestartedASecondLaterMidStreamAndNoMessageIsLost()
      throws Exception {
    stream(
        List.of("slim-0.cluster-b"),
        () -> {
          nodes.remove("slim-0.cluster-b").close();
          Thread.sleep(1000); // an outage: alice's frames meet no route meanwhile
          startNode("b", 0);
        },
        "slim-0.cluster-b");
  }

  @Test
  void theReceiverMovesToAnotherNodeWhenItsNodeIsKilledForGood() throws Exception {
    stream(
        List.of("slim-0.cluster-b", "slim-1.cluster-b"),
        () -> nodes.remove("slim-0.cluster-b").close(),
        "slim-1.cluster-b");
  }

  interface Kill {
    void run() throws Exception;
  }

  /**
   * Bob on {@code bobNodes} (the first preferred) accepts, alice on slim-0.cluster-a streams;
   * {@code kill} runs once a quarter has arrived; bob ends up on {@code bobAfter}.
   */
  private void stream(List<String> bobNodes, Kill kill, String bobAfter) throws Exception {
    FabricClient bobClient = client("spiffe://cluster-b.test/app/bob", bobNodes);
    SessionEndpoint bob = endpoint(bobClient);
    Sink received = new Sink();
    bob.accept(SINK, received);
    FabricClient aliceClient =
        client("spiffe://cluster-a.test/app/alice", List.of("slim-0.cluster-a"));
    SessionEndpoint alice = endpoint(aliceClient);
    awaitNodeRoute("slim-0.cluster-a", SINK);
    awaitNodeRoute("slim-0.cluster-b", aliceClient.instanceName());
    Session out = alice.open(SINK, (session, payload) -> {});

    long started = System.nanoTime();
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread stream =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < COUNT; i++) {
                      out.send(Integer.toString(i).getBytes(UTF_8));
                    }
                  } catch (Exception e) {
                    failed.set(e);
                  }
                });
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> received.count.get() >= COUNT / 4 || failed.get() != null);
    int before = received.count.get();
    kill.run();
    assertThat(stream.join(Duration.ofSeconds(90))).as("the sender finished").isTrue();
    assertThat(failed.get()).as("no send failed").isNull();
    out.close();

    assertThat(out.closed().get(60, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
    assertThat(received.closed.get(60, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER);
    assertThat(received.messages()).isEqualTo(numbered());
    assertThat(before).as("the kill came mid-stream").isLessThan(COUNT);
    assertThat(bobClient.reconnects()).isEqualTo(1);
    assertThat(bobClient.nodeName()).isEqualTo(bobAfter);
    SessionStats s = alice.stats();
    System.out.printf(
        "controller session failover (bob's node killed after %d of %d delivered, bob now on %s):"
            + " all %d delivered once in order in %d ms; alice retransmitted %d, bob dropped %d"
            + " duplicates%n",
        before,
        COUNT,
        bobAfter,
        COUNT,
        (System.nanoTime() - started) / 1_000_000,
        s.retransmitted(),
        bob.stats().duplicates());
  }

  /** Records what the accepted session delivers; the opener's side receives nothing. */
  private static final class Sink implements SessionHandler {
    final AtomicInteger count = new AtomicInteger();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final List<String> messages = new ArrayList<>();

    @Override
    public synchronized void onMessage(Session session, byte[] payload) {
      messages.add(new String(payload, UTF_8));
      count.incrementAndGet();
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      if (!session.initiator()) {
        closed.complete(reason);
      }
    }

    synchronized List<String> messages() {
      return List.copyOf(messages);
    }
  }

  private static List<String> numbered() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      all.add(Integer.toString(i));
    }
    return all;
  }

  private FabricClient client(String spiffeId, List<String> on) throws FabricException {
    FabricClient c =
        FabricClient.builder(fixture.federation.source(spiffeId))
            .nodeAddresses(on.stream().map(n -> nodes.get(n).localAddress()).toList())
            .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .connect();
    open.add(0, c);
    return c;
  }

  /** Retransmits for about a minute and waits up to 60 s for room: a kill costs time only. */
  private SessionEndpoint endpoint(FabricClient client) throws FabricException {
    SessionEndpoint e =
        SessionEndpoint.builder(client)
            .retransmitTimeout(Duration.ofMillis(50))
            .maxBackoff(Duration.ofMillis(500))
            .maxRetries(120)
            .sendTimeout(Duration.ofSeconds(60))
            .start();
    open.add(0, e);
    return e;
  }

  private void startNode(String cluster, int i) throws Exception {
    String id = "slim-" + i + ".cluster-" + cluster;
    String td = "cluster-" + cluster + ".test";
    int port = ports.computeIfAbsent(id, k -> free());
    NodeConfig config =
        NodeConfig.of(id, td, InetSocketAddress.createUnresolved("127.0.0.1", port))
            .withController(
                new ControllerEndpoint(
                    InetSocketAddress.createUnresolved("127.0.0.1", southboundPort),
                    SpiffeId.parse(ControllerFixture.CONTROLLER_ID)));
    nodes.put(
        id,
        Node.builder(config)
            .identity(fixture.federation.source("spiffe://" + td + "/fabric/slim-" + i))
            .ioThreads(1)
            .start());
  }

  private void awaitConnected(int n) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.nodes().stream().filter(v -> v.state().equals("connected")).count() == n);
  }

  /** Waits until the node itself holds a controller route for {@code name}. */
  private void awaitNodeRoute(String node, Name name) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                nodes.get(node).routes().stream()
                    .anyMatch(
                        r -> r.name().equals(name.toString()) && r.source().equals("controller")));
  }

  private static int free() {
    try {
      return dev.weft.testing.Ports.free();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
