package dev.weft.fabric.node;

import static dev.weft.fabric.node.FakeController.admit;
import static dev.weft.fabric.node.FakeController.dial;
import static dev.weft.fabric.node.FakeController.route;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.admin.AdminClient;
import dev.weft.fabric.admin.ConnectionInfo;
import dev.weft.fabric.admin.ControllerInfo;
import dev.weft.fabric.admin.NodeInfo;
import dev.weft.fabric.admin.RouteInfo;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.proto.fabric.v1.Ack;
import dev.weft.proto.fabric.v1.ConfigurationCommand;
import dev.weft.proto.fabric.v1.Register;
import dev.weft.proto.fabric.v1.SubscriptionUpdate;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes with a controller (a fake one in trust domain {@code b.test}), over real mTLS on loopback:
 * registration, links and routes from configuration commands, acks, fail-static.
 */
class ControllerTest {

  static final SpiffeId A = SpiffeId.parse("spiffe://a.test/fabric/node-a");
  static final SpiffeId B = SpiffeId.parse("spiffe://a.test/fabric/node-b");
  static final SpiffeId C = SpiffeId.parse("spiffe://b.test/fabric/node-c");
  static final Name ECHO = Name.parse("a.test/svc/echo");

  private NodeFixture fixture;
  private FakeController controller;
  private int portCtl;
  private int portA;
  private int portB;
  private int portC;

  @BeforeEach
  void start() throws Exception {
    fixture = new NodeFixture();
    portCtl = freePort();
    portA = freePort();
    portB = freePort();
    portC = freePort();
    controller = FakeController.start(fixture.pki, portCtl);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
    controller.close();
  }

  @Test
  void aNodeRegistersItsStateAndReportsSubscriptionChanges() throws Exception {
    Node a = node("node-a", portA, A);
    FakeController.Session s = controller.session("node-a");
    Register r = s.register;
    assertThat(r.getNodeId()).isEqualTo("node-a");
    assertThat(r.getDomain()).isEqualTo("acme");
    assertThat(r.getLocalEndpoint()).isEqualTo("127.0.0.1:" + portA);
    assertThat(r.getExternalEndpoint()).isEqualTo("127.0.0.1:" + portA);
    assertThat(r.getSubscriptionsList()).isEmpty();
    assertThat(r.getRoutesList()).isEmpty();
    assertThat(r.getLinkedNodesList()).isEmpty();
    assertThat(s.caller).isEqualTo(A);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(a).equals("connected"));

    FabricClient echo = fixture.client(a, "spiffe://a.test/svc/echo");
    echo.subscribe(ECHO, m -> {});
    List<String> added = new ArrayList<>();
    while (!added.contains(ECHO.toString())) {
      SubscriptionUpdate u = s.updates.poll(10, TimeUnit.SECONDS);
      assertThat(u).as("a subscription update").isNotNull();
      assertThat(u.getRemovedList()).isEmpty();
      added.addAll(u.getAddedList());
    }
    assertThat(added).containsExactlyInAnyOrder(ECHO.toString(), echo.instanceName().toString());
    echo.close();
    List<String> removed = new ArrayList<>();
    while (removed.size() < 2) {
      SubscriptionUpdate u = s.updates.poll(10, TimeUnit.SECONDS);
      assertThat(u).as("a subscription update").isNotNull();
      removed.addAll(u.getRemovedList());
    }
    assertThat(removed).containsExactlyInAnyOrder(ECHO.toString(), echo.instanceName().toString());

    NodeInfo info =
        AdminClient.of(
                "127.0.0.1:" + a.adminAddress().orElseThrow().getPort(), Duration.ofSeconds(5))
            .node();
    assertThat(info.controller())
        .isEqualTo(
            new ControllerInfo(
                "127.0.0.1:" + portCtl, FakeController.ID.toString(), "connected", ""));
    assertThat(a.metrics()).contains("fabric_controller_connected 1.0");
  }

  @Test
  void routesFromTheControllerCarryMessagesTwoHops() throws Exception {
    Node a = node("node-a", portA, A);
    Node b = node("node-b", portB, B);
    Node c = node("node-c", portC, C);
    lineLinks();
    // the links come up asynchronously (a dial may meet its peer before the admit): wait for them
    awaitLinks(a, 1);
    awaitLinks(b, 2);
    awaitLinks(c, 1);
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    fixture.client(c, "spiffe://a.test/svc/echo").subscribe(ECHO, got::add);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> c.routes().stream().anyMatch(x -> x.name().equals(ECHO.toString())));

    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    FabricClient fromA = client(a, "spiffe://a.test/app/caller", errors);
    FabricClient fromB = client(b, "spiffe://a.test/app/caller", errors);
    fromA.publish(ECHO, "too early".getBytes(UTF_8));
    assertUndeliverable(errors.poll(10, TimeUnit.SECONDS));
    // Node c reports to the controller, not to its links: node b learned nothing.
    fromB.publish(ECHO, "too early".getBytes(UTF_8));
    assertUndeliverable(errors.poll(10, TimeUnit.SECONDS));
    assertThat(b.routes()).noneMatch(x -> x.name().equals(ECHO.toString()));

    assertThat(command(a, false, List.of(), List.of(route(ECHO.toString(), "node-b"))))
        .satisfies(ControllerTest::ok);
    assertThat(command(b, false, List.of(), List.of(route(ECHO.toString(), "node-c"))))
        .satisfies(ControllerTest::ok);
    fromA.publish(ECHO, "two hops".getBytes(UTF_8));
    Message m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(new String(m.payload(), UTF_8)).isEqualTo("two hops");
    assertThat(m.source()).contains(fromA.instanceName());
    assertThat(errors).isEmpty();

    String linkToB = linkId(a, B);
    assertThat(a.routes())
        .filteredOn(x -> x.source().equals("controller"))
        .containsExactly(
            new RouteInfo(ECHO.toString(), linkToB, B.toString(), "link", "controller"));
  }

  @Test
  void multicastFollowsTheControllersTreeOnceEachThroughALineAndATriangle() throws Exception {
    Node a = node("node-a", portA, A);
    Node b = node("node-b", portB, B);
    Node c = node("node-c", portC, C);
    // A triangle: a dials b and c, b dials c.
    command(a, true, List.of(dial("node-b", B, portB), dial("node-c", C, portC)), List.of());
    command(b, true, List.of(admit("node-a", A), dial("node-c", C, portC)), List.of());
    command(c, true, List.of(admit("node-a", A), admit("node-b", B)), List.of());
    awaitLinks(a, 2);
    awaitLinks(b, 2);
    awaitLinks(c, 2);
    Name room = Name.parse("a.test/chat/room");
    Name line = Name.parse("a.test/chat/line");
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    for (Node n : List.of(a, b, c)) {
      FabricClient member = fixture.client(n, "spiffe://a.test/chat/member");
      member.subscribe(room, m -> got.add(n.config().id() + ":" + new String(m.payload(), UTF_8)));
      member.subscribe(line, m -> got.add(n.config().id() + ":" + new String(m.payload(), UTF_8)));
    }
    // room: a tree over the triangle, a in the middle; line: a - b - c, the a-c link unused.
    assertThat(
            command(
                a,
                false,
                List.of(),
                List.of(
                    route(room.toString(), "node-b", "node-c"), route(line.toString(), "node-b"))))
        .satisfies(ControllerTest::ok);
    assertThat(
            command(
                b,
                false,
                List.of(),
                List.of(
                    route(room.toString(), "node-a"), route(line.toString(), "node-a", "node-c"))))
        .satisfies(ControllerTest::ok);
    assertThat(
            command(
                c,
                false,
                List.of(),
                List.of(route(room.toString(), "node-a"), route(line.toString(), "node-b"))))
        .satisfies(ControllerTest::ok);

    for (Node from : List.of(a, b, c)) {
      for (Name name : List.of(room, line)) {
        FabricClient publisher = fixture.client(from, "spiffe://a.test/app/announcer");
        String text = name.components().get(2) + "-from-" + from.config().id();
        publisher.multicast(name, text.getBytes(UTF_8));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          seen.add(got.poll(10, TimeUnit.SECONDS));
        }
        assertThat(seen)
            .containsExactlyInAnyOrder("node-a:" + text, "node-b:" + text, "node-c:" + text);
        assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("no duplicate of " + text).isNull();
      }
    }
  }

  @Test
  void replaceDropsAStaleRouteAndKeepsAnUpLink() throws Exception {
    Node a = node("node-a", portA, A);
    Node b = node("node-b", portB, B);
    command(b, true, List.of(admit("node-a", A)), List.of());
    Name stale = Name.parse("a.test/svc/stale");
    assertThat(
            command(
                a,
                true,
                List.of(dial("node-b", B, portB)),
                List.of(route(ECHO.toString(), "node-b"), route(stale.toString(), "node-b"))))
        .satisfies(ControllerTest::ok);
    awaitLinks(a, 1);
    String before = linkId(a, B);
    assertThat(
            command(
                a,
                true,
                List.of(dial("node-b", B, portB)),
                List.of(route(ECHO.toString(), "node-b"))))
        .satisfies(ControllerTest::ok);
    assertThat(a.routes())
        .filteredOn(x -> x.source().equals("controller"))
        .extracting(RouteInfo::name)
        .containsExactly(ECHO.toString());
    assertThat(linkId(a, B)).isEqualTo(before);

    // Without the link in a replace, it goes, and its route shows it down.
    assertThat(command(a, true, List.of(), List.of())).satisfies(ControllerTest::ok);
    awaitLinks(a, 0);
    assertThat(a.routes()).noneMatch(x -> x.source().equals("controller"));
    assertThat(a.connections()).noneMatch(x -> x.kind().startsWith("link"));
  }

  @Test
  void whenTheControllerStopsMessagesStillFlowAndTheNodesRegisterAgain() throws Exception {
    Node a = node("node-a", portA, A);
    Node b = node("node-b", portB, B);
    Node c = node("node-c", portC, C);
    lineLinks();
    // the links come up asynchronously (a dial may meet its peer before the admit): wait for them
    awaitLinks(a, 1);
    awaitLinks(b, 2);
    awaitLinks(c, 1);
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    fixture.client(c, "spiffe://a.test/svc/echo").subscribe(ECHO, got::add);
    command(a, false, List.of(), List.of(route(ECHO.toString(), "node-b")));
    command(b, false, List.of(), List.of(route(ECHO.toString(), "node-c")));
    FakeController.Session oldA = controller.session("node-a");
    FakeController.Session oldC = controller.session("node-c");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> oldC.updates.stream().anyMatch(u -> u.getAddedList().contains(ECHO.toString())));

    controller.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !state(a).equals("connected"));
    assertThat(a.info().controller().lastError()).isNotEmpty();
    assertThat(a.metrics()).contains("fabric_controller_connected 0.0");
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    FabricClient caller = client(a, "spiffe://a.test/app/caller", errors);
    caller.publish(ECHO, "controller down".getBytes(UTF_8));
    Message m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(new String(m.payload(), UTF_8)).isEqualTo("controller down");

    controller = FakeController.start(fixture.pki, portCtl);
    Register again = controller.session("node-a", oldA).register;
    assertThat(again.getRoutesList()).containsExactly(route(ECHO.toString(), "node-b"));
    assertThat(again.getLinkedNodesList()).containsExactly("node-b");
    assertThat(controller.session("node-c", oldC).register.getSubscriptionsList())
        .contains(ECHO.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> state(a).equals("connected"));
    caller.publish(ECHO, "controller back".getBytes(UTF_8));
    m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(new String(m.payload(), UTF_8)).isEqualTo("controller back");
    assertThat(errors).isEmpty();
  }

  @Test
  void anAckNamesWhatFailedAndTheRestApplies() throws Exception {
    Node a = node("node-a", portA, A);
    Ack ack =
        command(
            a,
            false,
            List.of(
                dial("node-b", B, portB),
                dial("node-x", B, portB).toBuilder().setEndpoint("nowhere").build()),
            List.of(
                route(ECHO.toString(), "node-b"),
                route("a.test/svc/bad", "node-z"),
                route("not a name", "node-b")));
    assertThat(ack.getOk()).isFalse();
    assertThat(ack.getErrorsList())
        .containsExactly(
            "link node-x: endpoint: \"nowhere\" (expected: host:port)",
            "route a.test/svc/bad: next hop \"node-z\" (expected: a node id this node has a link"
                + " spec for)",
            "routes_to_set: " + badNameMessage("not a name"));
    assertThat(a.routes())
        .filteredOn(x -> x.source().equals("controller"))
        .containsExactly(new RouteInfo(ECHO.toString(), "-", "", "link", "controller"));
    assertThat(a.counter("fabric.controller.commands", "result", "error")).isEqualTo(1.0);
    assertThat(a.counter("fabric.controller.commands", "result", "ok")).isEqualTo(0.0);
  }

  @Test
  void aRefusedRegistrationIsShownAndRetried() throws Exception {
    controller.refuse = Status.PERMISSION_DENIED.withDescription("node-a may not join");
    Node a =
        fixture.node(
            config("node-a", portA)
                .withController(
                    new ControllerEndpoint(
                        InetSocketAddress.createUnresolved("127.0.0.1", portCtl),
                        FakeController.ID)),
            A.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> state(a).equals("refused"));
    assertThat(a.info().controller().lastError())
        .isEqualTo("PERMISSION_DENIED: node-a may not join");
    controller.refuse = null;
    controller.session("node-a");
    await().atMost(Duration.ofSeconds(15)).until(() -> state(a).equals("connected"));
    assertThat(a.info().controller().lastError()).isEmpty();
  }

  @Test
  void aControllerWithAnotherSpiffeIdIsNotTrusted() throws Exception {
    Node a =
        fixture.node(
            config("node-a", portA)
                .withController(
                    new ControllerEndpoint(
                        InetSocketAddress.createUnresolved("127.0.0.1", portCtl),
                        SpiffeId.parse("spiffe://b.test/fabric/other"))),
            A.toString());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !a.info().controller().lastError().isEmpty());
    assertThat(state(a)).isEqualTo("connecting");
    assertThat(a.metrics()).contains("fabric_controller_connected 0.0");
  }

  // a dials b, b dials c; each side admits the other.
  private void lineLinks() throws InterruptedException {
    assertThat(command("node-a", true, List.of(dial("node-b", B, portB)), List.of()))
        .satisfies(ControllerTest::ok);
    assertThat(
            command(
                "node-b", true, List.of(admit("node-a", A), dial("node-c", C, portC)), List.of()))
        .satisfies(ControllerTest::ok);
    assertThat(command("node-c", true, List.of(admit("node-b", B)), List.of()))
        .satisfies(ControllerTest::ok);
  }

  private Ack command(
      Node node,
      boolean replace,
      List<dev.weft.proto.fabric.v1.Link> links,
      List<dev.weft.proto.fabric.v1.Route> routes)
      throws InterruptedException {
    return command(node.config().id(), replace, links, routes);
  }

  private Ack command(
      String nodeId,
      boolean replace,
      List<dev.weft.proto.fabric.v1.Link> links,
      List<dev.weft.proto.fabric.v1.Route> routes)
      throws InterruptedException {
    return controller
        .session(nodeId)
        .command(
            ConfigurationCommand.newBuilder()
                .setReplace(replace)
                .addAllLinksToCreate(links)
                .addAllRoutesToSet(routes)
                .build());
  }

  private Node node(String id, int port, SpiffeId spiffeId) throws FabricException {
    Node n =
        fixture.node(
            config(id, port)
                .withController(
                    new ControllerEndpoint(
                        InetSocketAddress.createUnresolved("127.0.0.1", portCtl),
                        FakeController.ID)),
            spiffeId.toString());
    controller.session(id);
    return n;
  }

  private FabricClient client(Node node, String id, BlockingQueue<FabricException> errors)
      throws FabricException {
    FabricClient client =
        FabricClient.builder(fixture.pki.source(id))
            .node(node.localAddress())
            .onError(errors::add)
            .connect();
    fixture.closeLater(client);
    return client;
  }

  private static void ok(Ack ack) {
    assertThat(ack.getErrorsList()).isEmpty();
    assertThat(ack.getOk()).isTrue();
  }

  private static String state(Node node) {
    return node.info().controller().state();
  }

  private static String linkId(Node node, SpiffeId peer) {
    awaitLinkTo(node, peer);
    return node.connections().stream()
        .filter(x -> x.kind().startsWith("link") && x.peer().equals(peer.toString()))
        .filter(x -> x.state().equals("open"))
        .map(ConnectionInfo::id)
        .findFirst()
        .orElseThrow();
  }

  private static void awaitLinkTo(Node node, SpiffeId peer) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                node.connections().stream()
                    .anyMatch(
                        x ->
                            x.kind().startsWith("link")
                                && x.peer().equals(peer.toString())
                                && x.state().equals("open")));
  }

  private static void awaitLinks(Node node, int links) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                node.connections().stream()
                        .filter(x -> x.kind().startsWith("link") && x.state().equals("open"))
                        .count()
                    == links);
  }

  private static void assertUndeliverable(FabricException e) {
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.UNDELIVERABLE);
    assertThat(e.getMessage()).isEqualTo("no live subscriber or route for " + ECHO);
  }

  private static String badNameMessage(String text) {
    try {
      Name.parse(text);
      throw new AssertionError(text + " parsed");
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static NodeConfig config(String id, int port) {
    return NodeConfig.of(id, "acme", InetSocketAddress.createUnresolved("127.0.0.1", port))
        .withAdminEndpoint(InetSocketAddress.createUnresolved("127.0.0.1", 0));
  }

  private static int freePort() throws IOException {
    return dev.weft.testing.Ports.free();
  }
}
