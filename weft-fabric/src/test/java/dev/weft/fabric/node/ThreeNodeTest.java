package dev.weft.fabric.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.admin.ConnectionInfo;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.identity.spiffeid.SpiffeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in two trust domains, linked by static routes, over real mTLS on loopback.
 *
 * <pre>
 *   node-b (a.test) ◄── a.test/east ── node-a (a.test) ── b.test ──► node-c (b.test)
 *           └────────── b.test ──────────►    ◄────────── a.test ──────────┘
 * </pre>
 *
 * Each arrow is a link its tail dials; node-a has four links, node-b and node-c two each.
 */
class ThreeNodeTest {

  static final SpiffeId A = SpiffeId.parse("spiffe://a.test/fabric/node-a");
  static final SpiffeId B = SpiffeId.parse("spiffe://a.test/fabric/node-b");
  static final SpiffeId C = SpiffeId.parse("spiffe://b.test/fabric/node-c");

  private NodeFixture fixture;
  private int portA;
  private int portB;
  private int portC;
  private Node a;
  private Node b;
  private Node c;

  @BeforeEach
  void start() throws Exception {
    fixture = new NodeFixture();
    portA = freePort();
    portB = freePort();
    portC = freePort();
    a =
        fixture.node(
            config("node-a", "acme", portA)
                .withRoutes(List.of(route("a.test/east", portB, B), route("b.test", portC, C)))
                .withLinkPeers(List.of(C)),
            A.toString());
    b =
        fixture.node(
            config("node-b", "acme", portB).withRoutes(List.of(route("b.test", portA, A))),
            B.toString());
    c = startC();
    awaitLinks(a, 4);
    awaitLinks(b, 2);
    awaitLinks(c, 2);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private Node startC() throws FabricException {
    return fixture.node(
        config("node-c", "beta", portC).withRoutes(List.of(route("a.test", portA, A))),
        C.toString());
  }

  @Test
  void anycastCrossesTrustDomains() throws Exception {
    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    FabricClient echo = fixture.client(c, "spiffe://b.test/svc/echo");
    echo.subscribe(Name.parse("b.test/svc/echo"), got::add);
    FabricClient caller = fixture.client(a, "spiffe://a.test/app/caller");
    caller.publish(Name.parse("b.test/svc/echo"), "across".getBytes(UTF_8));
    Message m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(new String(m.payload(), UTF_8)).isEqualTo("across");
    assertThat(m.source()).contains(caller.instanceName());
  }

  @Test
  void unicastRequestsCrossTwoHopsAndRepliesComeBack() throws Exception {
    Name worker = Name.parse("a.test/east/worker/w1");
    FabricClient server = fixture.client(b, "spiffe://a.test/east/worker", worker);
    server.subscribe(
        worker,
        m -> {
          try {
            server.reply(m, ("done " + new String(m.payload(), UTF_8)).getBytes(UTF_8));
          } catch (FabricException e) {
            throw new IllegalStateException(e);
          }
        });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                a.routes().stream()
                    .anyMatch(r -> r.name().equals(worker.toString()) && r.kind().equals("link")));
    FabricClient caller = fixture.client(c, "spiffe://b.test/app/caller");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                a.routes().stream()
                    .anyMatch(r -> r.name().equals(caller.instanceName().toString())));
    Message reply =
        caller
            .request(worker, "job".getBytes(UTF_8), Duration.ofSeconds(10))
            .get(15, TimeUnit.SECONDS);
    assertThat(new String(reply.payload(), UTF_8)).isEqualTo("done job");
  }

  @Test
  void multicastReachesSubscribersOnEveryNodeOnce() throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Name room = Name.parse("b.test/chat/room");
    for (Node n : List.of(a, b, c)) {
      FabricClient member = fixture.client(n, "spiffe://b.test/chat/member");
      member.subscribe(room, m -> got.add(n.config().id() + ":" + new String(m.payload(), UTF_8)));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                a.routes().stream()
                        .filter(r -> r.name().equals(room.toString()) && r.kind().equals("link"))
                        .map(r -> r.peer())
                        .distinct()
                        .count()
                    == 2);
    FabricClient publisher = fixture.client(a, "spiffe://a.test/app/announcer");
    publisher.multicast(room, "hello".getBytes(UTF_8));
    List<String> seen =
        List.of(
            got.poll(10, TimeUnit.SECONDS),
            got.poll(10, TimeUnit.SECONDS),
            got.poll(10, TimeUnit.SECONDS));
    assertThat(seen).containsExactlyInAnyOrder("node-a:hello", "node-b:hello", "node-c:hello");
    assertThat(got.poll(500, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
  }

  @Test
  void aNodeThatIsNotAllowedToLinkIsRefused() throws Exception {
    Node rogue =
        fixture.node(
            config("node-x", "acme", 0).withRoutes(List.of(route("a.test", portB, B))),
            "spiffe://a.test/fabric/rogue");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> b.counter("fabric.errors", "code", "DENIED") >= 1);
    assertThat(rogue.connections()).extracting(ConnectionInfo::state).contains("down");
    assertThat(b.nodes()).extracting(n -> n.id()).doesNotContain("node-x");
  }

  @Test
  void aKilledNodesLinksRedialWhenItReturnsAndNothingIsLostSilently() throws Exception {
    Name echo = Name.parse("b.test/svc/echo");
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    FabricClient caller =
        FabricClient.builder(fixture.pki.source("spiffe://a.test/app/caller"))
            .node(a.localAddress())
            .onError(errors::add)
            .connect();
    try (caller) {
      c.close();
      awaitLinks(a, 2);
      caller.publish(echo, "while down".getBytes(UTF_8));
      FabricException e = errors.poll(10, TimeUnit.SECONDS);
      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(ErrorCode.UNDELIVERABLE);
      assertThat(e.getMessage()).isEqualTo("no live subscriber or route for b.test/svc/echo");

      c = startC();
      awaitLinks(a, 4);
      BlockingQueue<Message> got = new LinkedBlockingQueue<>();
      fixture.client(c, "spiffe://b.test/svc/echo").subscribe(echo, got::add);
      caller.publish(echo, "back".getBytes(UTF_8));
      Message m = got.poll(10, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(new String(m.payload(), UTF_8)).isEqualTo("back");
    }
  }

  @Test
  void nodesListTheirLinkedPeers() {
    assertThat(a.nodes())
        .extracting(n -> n.id())
        .containsExactlyInAnyOrder("node-a", "node-b", "node-c");
    assertThat(c.nodes())
        .filteredOn(n -> n.id().equals("node-a"))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.trustDomain()).isEqualTo("a.test");
              assertThat(n.spiffeId()).isEqualTo(A.toString());
              assertThat(n.domain()).isEqualTo("acme");
            });
    assertThat(a.routes())
        .extracting(r -> r.name() + " " + r.source())
        .contains("a.test/east static", "b.test static");
  }

  private static void awaitLinks(Node node, int links) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                node.connections().stream()
                        .filter(ci -> ci.kind().startsWith("link") && ci.state().equals("open"))
                        .count()
                    == links);
  }

  private static NodeConfig config(String id, String domain, int port) {
    return NodeConfig.of(id, domain, InetSocketAddress.createUnresolved("127.0.0.1", port));
  }

  private static Route route(String prefix, int port, SpiffeId peer) {
    return new Route(prefix, InetSocketAddress.createUnresolved("127.0.0.1", port), peer);
  }

  private static int freePort() throws IOException {
    return dev.weft.testing.Ports.free();
  }
}
