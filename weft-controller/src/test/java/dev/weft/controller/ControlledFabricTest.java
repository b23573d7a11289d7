package dev.weft.controller;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.controller.api.ControllerClient;
import dev.weft.controller.api.NodeView;
import dev.weft.controller.api.RouteView;
import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import dev.weft.fabric.session.CloseReason;
import dev.weft.fabric.session.GroupHandler;
import dev.weft.fabric.session.GroupSession;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.fabric.session.SessionHandler;
import dev.weft.identity.spiffeid.SpiffeId;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003 in one JVM, over real sockets and mutual TLS: the controller in admin.test, two nodes in
 * each of cluster-a.test and cluster-b.test with no static links or routes, registering with it.
 */
class ControlledFabricTest {

  static final Name ALICE = Name.parse("cluster-a.test/chat/alice");

  @TempDir Path dir;
  private ControllerFixture fixture;
  private Controller controller;
  private int southboundPort;
  private ControllerClient api;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<AutoCloseable> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fixture = new ControllerFixture(dir);
    southboundPort = freePort();
    controller = fixture.start(fixture.config(southboundPort));
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
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception e) {
        // closing
      }
    }
    nodes.values().forEach(Node::close);
    fixture.close();
  }

  private Node startNode(String cluster, int i) throws Exception {
    String id = "slim-" + i + ".cluster-" + cluster;
    String td = "cluster-" + cluster + ".test";
    int port = ports.computeIfAbsent(id, k -> freePort());
    NodeConfig config =
        NodeConfig.of(id, td, InetSocketAddress.createUnresolved("127.0.0.1", port))
            .withController(
                new dev.weft.fabric.node.ControllerEndpoint(
                    InetSocketAddress.createUnresolved("127.0.0.1", southboundPort),
                    SpiffeId.parse(ControllerFixture.CONTROLLER_ID)));
    Node node =
        Node.builder(config)
            .identity(fixture.federation.source("spiffe://" + td + "/fabric/slim-" + i))
            .ioThreads(1)
            .start();
    nodes.put(id, node);
    return node;
  }

  private void awaitConnected(int n) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.nodes().stream().filter(v -> v.state().equals("connected")).count() == n);
  }

  private FabricClient client(String node, String spiffeId, BlockingQueue<FabricException> errors)
      throws FabricException {
    FabricClient c =
        FabricClient.builder(fixture.federation.source(spiffeId))
            .node(nodes.get(node).localAddress())
            .onError(errors::add)
            .connect();
    clients.add(0, c);
    return c;
  }

  @Test
  void aPublisherInClusterBReachesASubscriberInClusterAOnlyOnceTheControllerRoutedIt()
      throws Exception {
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    FabricClient bob = client("slim-1.cluster-b", "spiffe://cluster-b.test/app/bob", errors);
    bob.publish(ALICE, "too early".getBytes(UTF_8));
    FabricException early = errors.poll(10, TimeUnit.SECONDS);
    assertThat(early).isNotNull();
    assertThat(early.code()).isEqualTo(ErrorCode.UNDELIVERABLE);

    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    FabricClient alice = client("slim-1.cluster-a", "spiffe://cluster-a.test/app/alice", errors);
    alice.subscribe(ALICE, got::add);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api.routes("slim-1.cluster-b").stream()
                    .anyMatch(r -> r.name().equals(ALICE.toString())));
    assertThat(api.routes("slim-1.cluster-b"))
        .contains(new RouteView("slim-1.cluster-b", ALICE.toString(), List.of("slim-1.cluster-a")));
    awaitNodeRoute("slim-1.cluster-b", ALICE);

    bob.publish(ALICE, "hello alice".getBytes(UTF_8));
    Message m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(new String(m.payload(), UTF_8)).isEqualTo("hello alice");
  }

  @Test
  void messagesStillFlowWhileTheControllerIsDownAndTheStateMatchesAfterItsRestart()
      throws Exception {
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    FabricClient alice = client("slim-0.cluster-a", "spiffe://cluster-a.test/app/alice", errors);
    alice.subscribe(ALICE, got::add);
    awaitNodeRoute("slim-0.cluster-b", ALICE);
    List<RouteView> routesBefore = api.routes(null);
    List<NodeView> nodesBefore = api.nodes();

    controller.close();
    api.close();
    FabricClient bob = client("slim-0.cluster-b", "spiffe://cluster-b.test/app/bob", errors);
    bob.publish(ALICE, "while the controller is down".getBytes(UTF_8));
    Message m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m).as("delivered on the last routes (errors: %s)", errors).isNotNull();

    // A new local subscription works locally without the controller.
    BlockingQueue<Message> local = new LinkedBlockingQueue<>();
    FabricClient carol = client("slim-0.cluster-b", "spiffe://cluster-b.test/app/carol", errors);
    carol.subscribe(Name.parse("cluster-b.test/chat/carol"), local::add);
    bob.publish(Name.parse("cluster-b.test/chat/carol"), "local".getBytes(UTF_8));
    assertThat(local.poll(10, TimeUnit.SECONDS)).isNotNull();

    controller = fixture.start(fixture.config(southboundPort));
    api = fixture.closeLater(ControllerClient.overSocket(dir.resolve("controller.sock")));
    awaitConnected(4);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(api.routes(null))
                    .containsAll(routesBefore)
                    .anyMatch(r -> r.name().equals("cluster-b.test/chat/carol")));
    assertThat(api.nodes())
        .extracting(NodeView::id, NodeView::spiffeId, NodeView::externalEndpoint)
        .isEqualTo(
            nodesBefore.stream()
                .map(
                    n ->
                        org.assertj.core.groups.Tuple.tuple(
                            n.id(), n.spiffeId(), n.externalEndpoint()))
                .toList());
    bob.publish(ALICE, "after the restart".getBytes(UTF_8));
    assertThat(got.poll(10, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aKilledNodeLosesItsRoutesAndGetsThemBackWhenItReturns() throws Exception {
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    FabricClient alice = client("slim-1.cluster-a", "spiffe://cluster-a.test/app/alice", errors);
    alice.subscribe(ALICE, got::add);
    awaitNodeRoute("slim-0.cluster-b", ALICE);

    alice.close();
    nodes.remove("slim-1.cluster-a").close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.node("slim-1.cluster-a").state().equals("disconnected"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.routes(null).stream().noneMatch(r -> r.name().equals(ALICE.toString())));

    startNode("a", 1);
    awaitConnected(4);
    FabricClient again = client("slim-1.cluster-a", "spiffe://cluster-a.test/app/alice", errors);
    again.subscribe(ALICE, got::add);
    awaitNodeRoute("slim-0.cluster-b", ALICE);
    FabricClient bob = client("slim-0.cluster-b", "spiffe://cluster-b.test/app/bob", errors);
    bob.publish(ALICE, "welcome back".getBytes(UTF_8));
    Message m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(new String(m.payload(), UTF_8)).isEqualTo("welcome back");
  }

  @Test
  void multicastReachesEverySubscriberNodeExactlyOnce() throws Exception {
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Name room = Name.parse("cluster-a.test/chat/room");
    for (String node : List.of("slim-0.cluster-a", "slim-1.cluster-a")) {
      FabricClient member = client(node, "spiffe://cluster-a.test/app/member", errors);
      member.subscribe(room, m -> got.add(node + ":" + new String(m.payload(), UTF_8)));
    }
    for (String node : List.of("slim-0.cluster-b", "slim-1.cluster-b")) {
      awaitNodeRoute(node, room);
    }
    FabricClient bob = client("slim-1.cluster-b", "spiffe://cluster-b.test/app/bob", errors);
    for (int i = 0; i < 20; i++) {
      bob.multicast(room, ("m" + i).getBytes(UTF_8));
    }
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String s = got.poll(10, TimeUnit.SECONDS);
      assertThat(s).as("message %d of 40", i).isNotNull();
      all.add(s);
    }
    assertThat(got.poll(500, TimeUnit.MILLISECONDS)).as("a duplicate").isNull();
    assertThat(all).doesNotHaveDuplicates();
  }

  /** An MLS session endpoint for a fresh client as {@code spiffeId} on {@code node}. */
  private SessionEndpoint mlsEndpoint(String node, String spiffeId) throws FabricException {
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    SessionEndpoint endpoint =
        SessionEndpoint.builder(client(node, spiffeId, errors))
            .mls(MlsMember.of(fixture.federation.source(spiffeId)), id -> true)
            .retransmitTimeout(Duration.ofMillis(100))
            .maxRetries(12)
            .start();
    clients.add(0, endpoint);
    return endpoint;
  }

  @Test
  void anMlsSessionFromClusterBToClusterAOverTheControllersRoutes() throws Exception {
    SessionEndpoint alice = mlsEndpoint("slim-1.cluster-a", "spiffe://cluster-a.test/app/alice");
    alice.accept(
        ALICE,
        new SessionHandler() {
          @Override
          public void onMessage(Session session, byte[] payload) {}

          @Override
          public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
            return CompletableFuture.completedFuture(
                ("re: " + new String(payload, UTF_8) + " @" + session.epoch()).getBytes(UTF_8));
          }
        });
    SessionEndpoint bob = mlsEndpoint("slim-1.cluster-b", "spiffe://cluster-b.test/app/bob");
    awaitNodeRoute("slim-1.cluster-b", ALICE); // the route Alice's subscription made
    Session session = bob.open(ALICE, (s, p) -> {});

    assertThat(session.peerIdentity())
        .contains(SpiffeId.parse("spiffe://cluster-a.test/app/alice"));
    for (int i = 0; i < 10; i++) {
      byte[] reply =
          session
              .request(("m" + i).getBytes(UTF_8), Duration.ofSeconds(10))
              .get(15, TimeUnit.SECONDS);
      assertThat(new String(reply, UTF_8)).isEqualTo("re: m" + i + " @1");
    }
    assertThat(api.routes("slim-1.cluster-b"))
        .contains(new RouteView("slim-1.cluster-b", ALICE.toString(), List.of("slim-1.cluster-a")));
    session.close();
    assertThat(session.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
  }

  @Test
  void anMlsGroupAcrossBothClustersReachesEveryMember() throws Exception {
    Name bobInvites = Name.parse("cluster-b.test/invites/bob");
    Name carolInvites = Name.parse("cluster-a.test/invites/carol");
    Map<String, BlockingQueue<String>> seen = new LinkedHashMap<>();
    java.util.function.Function<String, GroupHandler> handler =
        who -> {
          BlockingQueue<String> q = new LinkedBlockingQueue<>();
          seen.put(who, q);
          return (group, sender, epoch, payload) ->
              q.add(new String(payload, UTF_8) + " from " + sender + " @" + epoch);
        };
    mlsEndpoint("slim-0.cluster-b", "spiffe://cluster-b.test/app/bob")
        .acceptInvites(bobInvites, handler.apply("bob"));
    mlsEndpoint("slim-0.cluster-a", "spiffe://cluster-a.test/app/carol")
        .acceptInvites(carolInvites, handler.apply("carol"));
    GroupSession group =
        mlsEndpoint("slim-1.cluster-a", "spiffe://cluster-a.test/app/alice")
            .createGroup(Name.parse("cluster-a.test/rooms/ops"), handler.apply("alice"));

    awaitNodeRoute("slim-1.cluster-a", bobInvites);
    awaitNodeRoute("slim-1.cluster-a", carolInvites);
    group.invite(bobInvites, Duration.ofSeconds(20));
    group.invite(carolInvites, Duration.ofSeconds(20));
    assertThat(group.epoch()).isEqualTo(2);
    group.publish("hello both".getBytes(UTF_8));

    assertThat(seen.get("bob").poll(15, TimeUnit.SECONDS))
        .isEqualTo("hello both from spiffe://cluster-a.test/app/alice @2");
    assertThat(seen.get("carol").poll(15, TimeUnit.SECONDS))
        .isEqualTo("hello both from spiffe://cluster-a.test/app/alice @2");
  }

  /** Waits until the node itself holds a controller route for {@code name}. */
  private void awaitNodeRoute(String node, Name name) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                nodes.get(node).routes().stream()
                    .anyMatch(
                        r -> r.name().equals(name.toString()) && r.source().equals("controller")));
  }

  private static int freePort() {
    try {
      return dev.weft.testing.Ports.free();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
