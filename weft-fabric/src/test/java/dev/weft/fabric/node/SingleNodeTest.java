package dev.weft.fabric.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.RawClient;
import dev.weft.fabric.admin.AdminClient;
import dev.weft.fabric.admin.ConnectionInfo;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One node, real mTLS on loopback: delivery, request/reply, policy, bad input. */
class SingleNodeTest {

  private static final String NODE_ID = "spiffe://a.test/fabric/node-a";
  private static final String ALICE = "spiffe://a.test/app/alice";
  private static final String BOB = "spiffe://a.test/app/bob";

  private NodeFixture fixture;
  private Node node;

  @BeforeEach
  void start() throws FabricException {
    fixture = new NodeFixture();
    node = fixture.node(NodeFixture.config("node-a", "acme"), NODE_ID);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void anycastReachesOneSubscriberAndMulticastReachesAll() throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    FabricClient one = fixture.client(node, ALICE);
    FabricClient two = fixture.client(node, BOB);
    Name service = Name.parse("a.test/chat/room");
    one.subscribe(service, m -> got.add("one:" + new String(m.payload(), UTF_8)));
    two.subscribe(service, m -> got.add("two:" + new String(m.payload(), UTF_8)));
    FabricClient publisher = fixture.client(node, ALICE);

    publisher.publish(service, "a".getBytes(UTF_8));
    publisher.publish(service, "b".getBytes(UTF_8));
    List<String> anycast = List.of(got.poll(5, TimeUnit.SECONDS), got.poll(5, TimeUnit.SECONDS));
    assertThat(anycast)
        .containsExactlyInAnyOrder("one:a", "two:b")
        .as("round robin over the two subscribers");

    publisher.multicast(service, "all".getBytes(UTF_8));
    assertThat(List.of(got.poll(5, TimeUnit.SECONDS), got.poll(5, TimeUnit.SECONDS)))
        .containsExactlyInAnyOrder("one:all", "two:all");
    assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void unicastReachesTheInstanceAndRequestsGetReplies() throws Exception {
    Name worker = Name.parse("a.test/jobs/worker/w1");
    FabricClient server = fixture.client(node, BOB, worker);
    server.subscribe(
        worker,
        m -> {
          try {
            server.reply(
                m,
                ("echo " + new String(m.payload(), UTF_8) + " " + m.traceparent().orElse("-"))
                    .getBytes(UTF_8));
          } catch (FabricException e) {
            throw new IllegalStateException(e);
          }
        });
    FabricClient caller = fixture.client(node, ALICE);
    String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    Message reply =
        caller
            .request(
                worker,
                "hi".getBytes(UTF_8),
                Map.of(Message.TRACEPARENT, trace),
                Duration.ofSeconds(5))
            .get(10, TimeUnit.SECONDS);
    assertThat(new String(reply.payload(), UTF_8)).isEqualTo("echo hi " + trace);

    Message viaService =
        caller
            .request(worker.service(), "svc".getBytes(UTF_8), Duration.ofSeconds(5))
            .get(10, TimeUnit.SECONDS);
    assertThat(new String(viaService.payload(), UTF_8)).startsWith("echo svc");
  }

  @Test
  void noSubscriberComesBackUndeliverable() throws Exception {
    FabricClient caller = fixture.client(node, ALICE);
    assertThatThrownBy(
            () ->
                caller
                    .request(Name.parse("a.test/none/here"), new byte[1], Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(FabricException.class)
        .hasMessage("no live subscriber or route for a.test/none/here");
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    FabricClient publisher =
        FabricClient.builder(fixture.pki.source(ALICE))
            .node(node.localAddress())
            .onError(errors::add)
            .connect();
    try (publisher) {
      publisher.publish(Name.parse("a.test/none/here"), new byte[1]);
      FabricException e = errors.poll(5, TimeUnit.SECONDS);
      assertThat(e).isNotNull();
      assertThat(e.code()).isEqualTo(ErrorCode.UNDELIVERABLE);
    }
    assertThat(node.counter("fabric.errors", "code", "UNDELIVERABLE")).isEqualTo(2);
  }

  @Test
  void thePolicyRefusesSubscribingOutsideTheOwnOrgAndNamesTheRule() throws Exception {
    FabricClient client = fixture.client(node, ALICE);
    assertThatThrownBy(() -> client.subscribe(Name.parse("b.test/chat/room"), m -> {}))
        .isInstanceOf(FabricException.class)
        .hasMessage(
            "denied by weft/fabric/authz: rule subscribe_owned_org: trust domain a.test "
                + "does not own org b.test")
        .extracting(e -> ((FabricException) e).code())
        .isEqualTo(ErrorCode.DENIED);
    BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();
    try (FabricClient publisher =
        FabricClient.builder(fixture.pki.source(ALICE))
            .node(node.localAddress())
            .onError(errors::add)
            .connect()) {
      publisher.publish(Name.parse("nowhere.test/x/y"), new byte[1]);
      FabricException e = errors.poll(5, TimeUnit.SECONDS);
      assertThat(e.code()).isEqualTo(ErrorCode.DENIED);
      assertThat(e.getMessage())
          .isEqualTo(
              "denied by weft/fabric/authz: rule "
                  + "publish_federated_org: a.test may not publish to org nowhere.test (no federated "
                  + "trust domain owns it)");
    }
    assertThat(node.counter("fabric.messages.denied", "action", "subscribe")).isEqualTo(1);
    assertThat(node.counter("fabric.messages.denied", "action", "publish")).isEqualTo(1);
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void aMalformedFrameGetsAnErrorAndACloseAndOthersAreStillServed() throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    FabricClient good = fixture.client(node, BOB);
    good.subscribe(Name.parse("a.test/chat/room"), m -> got.add(new String(m.payload(), UTF_8)));

    try (RawClient raw = new RawClient(fixture.pki.source(ALICE), node.localAddress())) {
      raw.send(Frame.control(FrameType.HELLO, 1, "a.test/raw/client/1"));
      assertThat(raw.read().type()).isEqualTo(FrameType.ACK);
      raw.write(new byte[] {0, 0, 0, 30, 99, 0, 0, 0});
      raw.write(new byte[26]);
      Frame error = raw.read();
      assertThat(error.errorCode()).isEqualTo(ErrorCode.MALFORMED);
      assertThat(error.errorMessage()).isEqualTo("frame type: 99 (expected: 1-11)");
      assertThat(raw.closedByPeer()).isTrue();
    }
    try (RawClient raw = new RawClient(fixture.pki.source(ALICE), node.localAddress())) {
      raw.write(new byte[] {0x7f, 0, 0, 0});
      Frame error = raw.read();
      assertThat(error.errorCode()).isEqualTo(ErrorCode.TOO_LARGE);
      assertThat(error.errorMessage())
          .isEqualTo("frame length: 2130706432 (expected: at most max_message_bytes 1048576)");
      assertThat(raw.closedByPeer()).isTrue();
    }
    try (RawClient raw = new RawClient(fixture.pki.source(ALICE), node.localAddress())) {
      raw.send(Frame.control(FrameType.SUBSCRIBE, 5, "a.test/x/y"));
      Frame error = raw.read();
      assertThat(error.errorCode()).isEqualTo(ErrorCode.PROTOCOL);
      assertThat(error.errorMessage()).isEqualTo("frame type: SUBSCRIBE (expected: HELLO first)");
    }
    try (RawClient raw = new RawClient(fixture.pki.source(ALICE), node.localAddress())) {
      raw.send(Frame.control(FrameType.HELLO, 1, "a.test/raw/client/2"));
      raw.read();
      raw.send(
          new Frame(
              FrameType.PUBLISH, 0, 0, 7, 0, 0, "a.test/chat/room", "", Map.of(), new byte[1]));
      Frame error = raw.read();
      assertThat(error.errorCode()).isEqualTo(ErrorCode.TTL_EXPIRED);
      assertThat(error.id()).isEqualTo(7);
      raw.send(Frame.control(FrameType.SUBSCRIBE, 8, "a.test/only-two"));
      Frame bad = raw.read();
      assertThat(bad.errorCode()).isEqualTo(ErrorCode.BAD_NAME);
      assertThat(bad.errorMessage())
          .isEqualTo(
              "name: \"a.test/only-two\" (expected: "
                  + "org/namespace/service or org/namespace/service/id)");
    }
    assertThat(node.counter("fabric.errors", "code", "MALFORMED")).isEqualTo(1);
    assertThat(node.counter("fabric.errors", "code", "TOO_LARGE")).isEqualTo(1);
    assertThat(node.counter("fabric.errors", "code", "TTL_EXPIRED")).isEqualTo(1);

    FabricClient publisher = fixture.client(node, ALICE);
    publisher.publish(Name.parse("a.test/chat/room"), "still".getBytes(UTF_8));
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("still");
  }

  @Test
  void theAdminEndpointShowsTheNodeRoutesConnectionsAndMetrics() throws Exception {
    FabricClient client = fixture.client(node, ALICE, Name.parse("a.test/app/alice/1"));
    client.subscribe(Name.parse("a.test/chat/room"), m -> {});
    AdminClient admin =
        AdminClient.of(
            "127.0.0.1:" + node.adminAddress().orElseThrow().getPort(), Duration.ofSeconds(5));
    assertThat(admin.node().id()).isEqualTo("node-a");
    assertThat(admin.node().spiffeId()).isEqualTo(NODE_ID);
    assertThat(admin.node().trustDomain()).isEqualTo("a.test");
    assertThat(admin.nodes()).hasSize(1);
    assertThat(admin.routes())
        .extracting(r -> r.name() + " " + r.kind() + " " + r.source())
        .contains("a.test/chat/room local subscription", "a.test/app/alice/1 local subscription");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              List<ConnectionInfo> connections = admin.connections();
              assertThat(connections).extracting(ConnectionInfo::kind).containsExactly("client");
              assertThat(connections.get(0).peer()).isEqualTo(ALICE);
              assertThat(connections.get(0).state()).isEqualTo("open");
            });
    String metrics = admin.metrics();
    assertThat(metrics)
        .contains("fabric_subscriptions 2.0", "fabric_links_up 0.0", "fabric_messages_in_total");
  }

  @Test
  void aClientThatMustBeAnotherNodeIsRefused() throws Exception {
    FabricClient.Builder b =
        FabricClient.builder(fixture.pki.source(ALICE))
            .node(node.localAddress())
            .expectNode(dev.weft.identity.spiffeid.SpiffeId.parse("spiffe://a.test/fabric/other"))
            .connectTimeout(Duration.ofSeconds(5));
    assertThatThrownBy(b::connect)
        .isInstanceOf(FabricException.class)
        .hasMessageStartingWith("fabric client: TLS handshake with 127.0.0.1:");
  }

  @Test
  void aDomainOutsideTheFederationCannotConnect() throws Exception {
    FabricClient.Builder b =
        FabricClient.builder(fixture.pki.source("spiffe://c.test/app/eve"))
            .node(node.localAddress())
            .connectTimeout(Duration.ofSeconds(5));
    assertThatThrownBy(b::connect).isInstanceOf(FabricException.class);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> node.counter("fabric.handshake.failures") >= 1);
  }
}
