package dev.weft.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.controller.api.ControllerClient;
import dev.weft.controller.api.NodeView;
import dev.weft.controller.api.RouteView;
import dev.weft.proto.fabric.v1.ConfigurationCommand;
import dev.weft.proto.fabric.v1.ControllerMessage;
import dev.weft.proto.fabric.v1.Link;
import dev.weft.proto.fabric.v1.NodeMessage;
import dev.weft.proto.fabric.v1.Route;
import dev.weft.proto.fabric.v1.SubscriptionUpdate;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control channel against a real controller over mutual TLS on loopback. */
class SouthboundTest {

  static final String A0 = "spiffe://cluster-a.test/fabric/slim-0";
  static final String A1 = "spiffe://cluster-a.test/fabric/slim-1";
  static final String B0 = "spiffe://cluster-b.test/fabric/slim-0";

  @TempDir Path dir;
  private ControllerFixture fixture;
  private Controller controller;
  private ControllerClient api;

  @BeforeEach
  void start() throws Exception {
    fixture = new ControllerFixture(dir);
    controller = fixture.start(fixture.config());
    api = fixture.closeLater(ControllerClient.overSocket(dir.resolve("controller.sock")));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private FakeNode node(String spiffeId) {
    return fixture.closeLater(
        new FakeNode(controller.southboundAddress(), fixture.federation.source(spiffeId)));
  }

  private FakeNode registered(String spiffeId, String id, String domain, String... subs)
      throws Exception {
    FakeNode n = node(spiffeId);
    n.register(id, domain, List.of(subs));
    ControllerMessage first = n.next(Duration.ofSeconds(10));
    assertThat(first.hasRegistered()).as("first answer: %s", first).isTrue();
    assertThat(first.getRegistered().getSegment()).isEqualTo("default");
    n.full = n.command();
    assertThat(n.full.getReplace()).isTrue();
    return n;
  }

  @Test
  void aNodeRegistersAndIsListedConnected() throws Exception {
    registered(A0, "a0", Federation.CLUSTER_A, "cluster-a.test/chat/alice");
    List<NodeView> nodes = api.nodes();
    assertThat(nodes).hasSize(1);
    NodeView n = nodes.getFirst();
    assertThat(n.id()).isEqualTo("a0");
    assertThat(n.state()).isEqualTo("connected");
    assertThat(n.spiffeId()).isEqualTo(A0);
    assertThat(n.externalEndpoint()).isEqualTo("a0.example:7401");
    assertThat(n.subscriptions()).isEqualTo(1);
    assertThat(api.subscriptions("a0"))
        .extracting(s -> s.name())
        .containsExactly("cluster-a.test/chat/alice");
  }

  @Test
  void aSubscriptionInstallsRoutesAndLinksOnTheOtherNodes() throws Exception {
    FakeNode a = registered(A0, "a0", Federation.CLUSTER_A);
    FakeNode b = registered(B0, "b0", Federation.CLUSTER_B);
    // The mesh links a0 and b0: a0 sorts first and dials b0 at its external endpoint.
    ConfigurationCommand toA = a.command();
    assertThat(toA.getLinksToCreateList())
        .containsExactly(
            Link.newBuilder()
                .setNodeId("b0")
                .setSpiffeId(B0)
                .setEndpoint("b0.example:7401")
                .setDial(true)
                .build());

    a.subscribe("cluster-a.test/chat/alice");
    ConfigurationCommand toB = b.command();
    assertThat(toB.getRoutesToSetList())
        .containsExactly(
            Route.newBuilder().setName("cluster-a.test/chat/alice").addNextHops("a0").build());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(api.routes(null))
                    .containsExactly(
                        new RouteView("b0", "cluster-a.test/chat/alice", List.of("a0"))));

    a.unsubscribe("cluster-a.test/chat/alice");
    assertThat(b.command().getRoutesToDeleteList()).containsExactly("cluster-a.test/chat/alice");
  }

  @Test
  void aNodeThatGoesAwayLosesItsRoutesAndGetsThemBackWhenItReturns() throws Exception {
    FakeNode a = registered(A0, "a0", Federation.CLUSTER_A, "cluster-a.test/chat/alice");
    FakeNode b = registered(B0, "b0", Federation.CLUSTER_B);
    assertThat(b.full.getRoutesToSetList())
        .containsExactly(
            Route.newBuilder().setName("cluster-a.test/chat/alice").addNextHops("a0").build());
    assertThat(b.full.getLinksToCreateList())
        .containsExactly(Link.newBuilder().setNodeId("a0").setSpiffeId(A0).setDial(false).build());

    a.close();
    ConfigurationCommand gone = b.command();
    assertThat(gone.getLinksToDeleteList()).containsExactly("a0");
    assertThat(gone.getRoutesToDeleteList()).containsExactly("cluster-a.test/chat/alice");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.node("a0").state().equals("disconnected"));
    assertThat(api.routes(null)).isEmpty();

    registered(A0, "a0", Federation.CLUSTER_A, "cluster-a.test/chat/alice");
    ConfigurationCommand back = b.command();
    assertThat(back.getLinksToCreateList()).extracting(Link::getNodeId).containsExactly("a0");
    assertThat(back.getRoutesToSetList())
        .containsExactly(
            Route.newBuilder().setName("cluster-a.test/chat/alice").addNextHops("a0").build());
  }

  @Test
  void aMessageBeforeRegisterIsRefused() throws Exception {
    FakeNode n = node(A0);
    n.send(
        NodeMessage.newBuilder()
            .setSubscriptions(SubscriptionUpdate.newBuilder().addAdded("cluster-a.test/x/y")));
    Status status = n.awaitClosed();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("before Register");
    registered(A1, "a1", Federation.CLUSTER_A);
  }

  @Test
  void aWorkloadThatIsNotAFabricNodeIsRefusedByThePolicy() throws Exception {
    FakeNode n = node("spiffe://cluster-a.test/app/mallory");
    n.register("a0", Federation.CLUSTER_A, List.of());
    Status status = n.awaitClosed();
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).contains("rule register_fabric_node");
    assertThat(api.nodes()).isEmpty();
  }

  @Test
  void aTrustDomainTheControllerDoesNotFederateWithFailsTheHandshake() throws Exception {
    FakeNode n = node("spiffe://outside.test/fabric/slim-0");
    n.register("o0", Federation.CLUSTER_A, List.of());
    Status status = n.awaitClosed();
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(api.nodes()).isEmpty();
  }

  @Test
  void anUnknownDomainIsRefusedWithTheVerbThatAddsIt() throws Exception {
    FakeNode n = node(A0);
    n.register("a0", "cluster-z.test", List.of());
    Status status = n.awaitClosed();
    assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getDescription()).contains("weft fabric domain add cluster-z.test");
  }

  @Test
  void aNodeIdHeldByAnotherSpiffeIdIsRefusedAndTheFirstKeepsIt() throws Exception {
    registered(A0, "a0", Federation.CLUSTER_A);
    FakeNode thief = node(A1);
    thief.register("a0", Federation.CLUSTER_A, List.of());
    Status status = thief.awaitClosed();
    assertThat(status.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(status.getDescription()).contains("is registered by " + A0);
    assertThat(api.node("a0").state()).isEqualTo("connected");
  }

  @Test
  void malformedFieldsAreRefusedAndTheControllerKeepsServing() throws Exception {
    FakeNode bad = node(A1);
    bad.register("a1", Federation.CLUSTER_A, List.of("not a name"));
    Status status = bad.awaitClosed();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("subscription name:");

    FakeNode badId = node(A1);
    badId.register("a1/../x", Federation.CLUSTER_A, List.of());
    assertThat(badId.awaitClosed().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

    FakeNode empty = node(A1);
    empty.send(NodeMessage.newBuilder());
    assertThat(empty.awaitClosed().getDescription()).contains("expected: register");

    registered(A0, "a0", Federation.CLUSTER_A);
    assertThat(api.nodes()).extracting(NodeView::id).containsExactly("a0");
  }

  @Test
  void anOversizedMessageIsRefused() throws Exception {
    FakeNode n = node(A0);
    String[] names = new String[110_000];
    for (int i = 0; i < names.length; i++) {
      names[i] = "cluster-a.test/chat/room-with-a-long-name-" + i;
    }
    n.register("a0", Federation.CLUSTER_A, List.of(names));
    Status status = n.awaitClosed();
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    registered(A1, "a1", Federation.CLUSTER_A);
  }

  @Test
  void aRestartedControllerReloadsItsStateAndReconciles() throws Exception {
    registered(A0, "a0", Federation.CLUSTER_A, "cluster-a.test/chat/alice");
    registered(B0, "b0", Federation.CLUSTER_B);
    List<RouteView> before = api.routes(null);
    assertThat(before).isNotEmpty();
    int port = controller.southboundAddress().getPort();
    controller.close();
    api.close();

    controller = fixture.start(fixture.config(port));
    api = fixture.closeLater(ControllerClient.overSocket(dir.resolve("controller.sock")));
    assertThat(api.nodes())
        .extracting(NodeView::id, NodeView::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a0", "disconnected"),
            org.assertj.core.groups.Tuple.tuple("b0", "disconnected"));

    registered(A0, "a0", Federation.CLUSTER_A, "cluster-a.test/chat/alice");
    registered(B0, "b0", Federation.CLUSTER_B);
    await().atMost(Duration.ofSeconds(10)).until(() -> api.routes(null).equals(before));
    assertThat(api.nodes()).extracting(NodeView::state).containsOnly("connected");
  }
}
