package dev.weft.fabric.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.policy.FabricAuthorization;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.DecisionPath;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client redials after losing its node: the same node restarted, or the next of its list. */
class ReconnectTest {

  private static final String NODE_A = "spiffe://a.test/fabric/node-a";
  private static final String NODE_B = "spiffe://a.test/fabric/node-b";
  private static final Name ROOM = Name.parse("a.test/chat/room");

  @TempDir Path dir;
  private NodeFixture fixture;
  private final BlockingQueue<FabricException> errors = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    fixture = new NodeFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void theClientComesBackWhenItsNodeRestartsAndItsSubscriptionsWorkAgain() throws Exception {
    NodeConfig config = config("node-a", dev.weft.testing.Ports.free());
    Node node = fixture.node(config, NODE_A);
    AtomicInteger reconnected = new AtomicInteger();
    FabricClient client =
        open(
            client(node.localAddress())
                .onReconnect(reconnected::incrementAndGet)
                .instanceName(Name.parse("a.test/chat/member/m1")));
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    client.subscribe(ROOM, m -> got.add(new String(m.payload(), UTF_8)));
    FabricClient silent = fixture.client(node, "spiffe://a.test/app/silent");
    silent.subscribe(Name.parse("a.test/jobs/silent"), m -> {});
    CompletableFuture<Message> pending =
        client.request(
            Name.parse("a.test/jobs/silent"), "job".getBytes(UTF_8), Duration.ofMinutes(1));

    node.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(FabricException.class)
        .hasMessageStartingWith("fabric client: the connection to node node-a (127.0.0.1:")
        .hasMessageEndingWith(") closed; reconnecting")
        .satisfies(e -> assertThat(((FabricException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    FabricException told = errors.poll(10, TimeUnit.SECONDS);
    assertThat(told).isNotNull();
    assertThat(told.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(told.getMessage()).endsWith(") closed; reconnecting");

    assertThatThrownBy(() -> client.multicast(ROOM, "while down".getBytes(UTF_8)))
        .isInstanceOf(FabricException.class)
        .hasMessage(
            "fabric client: not connected to a node (lost node-a at 127.0.0.1:"
                + config.localEndpoint().getPort()
                + "); reconnecting")
        .satisfies(e -> assertThat(((FabricException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThatThrownBy(() -> client.subscribe(Name.parse("a.test/chat/other"), m -> {}))
        .isInstanceOf(FabricException.class)
        .hasMessageStartingWith("fabric client: not connected to a node");
    assertThat(client.reconnects()).isZero();

    Node again = fixture.node(config, NODE_A);
    await().atMost(Duration.ofSeconds(20)).until(() -> reconnected.get() == 1);
    assertThat(client.isConnected()).isTrue();
    assertThat(client.reconnects()).isEqualTo(1);
    assertThat(client.nodeName()).isEqualTo("node-a");
    assertThat(again.routes())
        .extracting(r -> r.name())
        .contains(ROOM.toString(), "a.test/chat/member/m1");

    FabricClient publisher = fixture.client(again, "spiffe://a.test/app/publisher");
    publisher.multicast(ROOM, "after".getBytes(UTF_8));
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("after");
    assertThat(got.poll(200, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();
  }

  @Test
  void theClientMovesToTheNextNodeWhenTheFirstIsGoneForGood() throws Exception {
    Node first = fixture.node(config("node-a", 0), NODE_A);
    Node second = fixture.node(config("node-b", 0), NODE_B);
    FabricClient client =
        open(
            client(first.localAddress())
                .nodeAddresses(List.of(first.localAddress(), second.localAddress()))
                .expectNode(SpiffeId.parse(NODE_A), SpiffeId.parse(NODE_B)));
    assertThat(client.nodeName()).as("the first is preferred").isEqualTo("node-a");
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    client.subscribe(ROOM, m -> got.add(new String(m.payload(), UTF_8)));

    first.close();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.reconnects() == 1 && client.isConnected());
    assertThat(client.isConnected()).isTrue();
    assertThat(client.nodeName()).isEqualTo("node-b");
    assertThat(client.nodeId()).isEqualTo(SpiffeId.parse(NODE_B));
    assertThat(client.nodeAddress()).isEqualTo(second.localAddress());

    FabricClient publisher = fixture.client(second, "spiffe://a.test/app/publisher");
    publisher.multicast(ROOM, "moved".getBytes(UTF_8));
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("moved");
  }

  @Test
  void aResubscriptionTheNextNodeRefusesGoesToTheErrorListener() throws Exception {
    Files.writeString(dir.resolve("fabric.rego"), FabricAuthorization.defaultPolicySource());
    Files.writeString(
        dir.resolve("owners.json"),
        "{\"weft\": {\"fabric\": {\"owners\": {\"acme\": [\"a.test\"]}}}}");
    Node first =
        fixture.node(
            config("node-a", 0)
                .withPolicy(
                    List.of(dir.resolve("fabric.rego"), dir.resolve("owners.json")),
                    DecisionPath.parse("weft/fabric/authz")),
            NODE_A);
    Node second = fixture.node(config("node-b", 0), NODE_B);
    FabricClient client =
        open(
            client(first.localAddress())
                .nodeAddresses(List.of(first.localAddress(), second.localAddress())));
    client.subscribe(Name.parse("acme/chat/room"), m -> {});
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    client.subscribe(ROOM, m -> got.add(new String(m.payload(), UTF_8)));

    first.close();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.reconnects() == 1 && client.isConnected());
    assertThat(errors.poll(10, TimeUnit.SECONDS).getMessage()).endsWith("closed; reconnecting");
    FabricException refused = errors.poll(10, TimeUnit.SECONDS);
    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.DENIED);
    assertThat(refused.getMessage())
        .isEqualTo(
            "fabric client: subscribing again to acme/chat/room on 127.0.0.1:"
                + second.localAddress().getPort()
                + " after reconnecting: denied by weft/fabric/authz: rule subscribe_owned_org:"
                + " trust domain a.test does not own org acme");
    assertThat(client.isConnected()).as("the other subscriptions carry on").isTrue();
    fixture.client(second, "spiffe://a.test/app/publisher").multicast(ROOM, "b".getBytes(UTF_8));
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("b");
  }

  @Test
  void everyRedialChecksTheNodesIdentity() throws Exception {
    NodeConfig config = config("node-a", dev.weft.testing.Ports.free());
    Node first = fixture.node(config, NODE_A);
    Node impostor = fixture.node(config("node-x", 0), "spiffe://a.test/fabric/impostor");
    FabricClient client =
        open(
            client(first.localAddress())
                .nodeAddresses(List.of(first.localAddress(), impostor.localAddress()))
                .expectNode(SpiffeId.parse(NODE_A)));
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    client.subscribe(ROOM, m -> got.add(new String(m.payload(), UTF_8)));

    first.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    // rounds over both addresses: the impostor answers but fails the handshake
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> impostor.counter("fabric.handshake.failures") >= 2);
    assertThat(client.isConnected()).isFalse();
    assertThat(impostor.connections()).isEmpty();

    Node again = fixture.node(config, NODE_A);
    await().atMost(Duration.ofSeconds(20)).until(client::isConnected);
    assertThat(client.nodeId()).isEqualTo(SpiffeId.parse(NODE_A));
    fixture.client(again, "spiffe://a.test/app/publisher").multicast(ROOM, "back".getBytes(UTF_8));
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("back");
  }

  @Test
  void withoutReconnectALostClientStaysDown() throws Exception {
    Node node = fixture.node(config("node-a", dev.weft.testing.Ports.free()), NODE_A);
    FabricClient client = open(client(node.localAddress()).reconnect(false));
    node.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    FabricException told = errors.poll(10, TimeUnit.SECONDS);
    assertThat(told).isNotNull();
    assertThat(told.getMessage()).endsWith(") closed");
    assertThatThrownBy(() -> client.publish(ROOM, new byte[1]))
        .isInstanceOf(FabricException.class)
        .hasMessageEndingWith(")");
    assertThat(client.reconnects()).isZero();
  }

  @Test
  void badSettingsAreRefused() {
    FabricClient.Builder b = FabricClient.builder(fixture.pki.source("spiffe://a.test/app/x"));
    assertThatThrownBy(() -> b.nodes(List.of("127.0.0.1:1", "nowhere")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nodes[1]: \"nowhere\" (expected: host:port");
    assertThatThrownBy(() -> b.nodes(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nodes: [] (expected: at least one host:port)");
    assertThatThrownBy(() -> b.reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reconnectBackoff.max: PT1S (expected: >= initial PT2S)");
    assertThatThrownBy(() -> b.reconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reconnectBackoff.initial: PT0S (expected: > 0)");
    assertThatThrownBy(() -> b.expectNode())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ids: [] (expected: at least one)");
  }

  @Test
  void connectingTriesEveryNodeAndNamesEachFailure() throws Exception {
    int down1 = dev.weft.testing.Ports.free();
    int down2 = dev.weft.testing.Ports.free();
    assertThatThrownBy(
            () ->
                client(InetSocketAddress.createUnresolved("127.0.0.1", down1))
                    .nodes(List.of("127.0.0.1:" + down1, "127.0.0.1:" + down2))
                    .connect())
        .isInstanceOf(FabricException.class)
        .hasMessageStartingWith(
            "fabric client: no node reachable: fabric client: cannot connect to 127.0.0.1:" + down1)
        .hasMessageContaining("; fabric client: cannot connect to 127.0.0.1:" + down2);
  }

  /** A member client's builder, with short reconnect delays and errors in {@link #errors}. */
  private FabricClient.Builder client(InetSocketAddress node) {
    return FabricClient.builder(fixture.pki.source("spiffe://a.test/app/member"))
        .node(node)
        .onError(errors::add)
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  private FabricClient open(FabricClient.Builder b) throws FabricException {
    FabricClient client = b.connect();
    fixture.closeFirst(client);
    return client;
  }

  private static NodeConfig config(String id, int port) {
    return NodeFixture.config(id, "acme")
        .withLocalEndpoint(InetSocketAddress.createUnresolved("127.0.0.1", port));
  }
}
