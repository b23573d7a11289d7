package dev.weft.fabric.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.Name;
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
import org.junit.jupiter.api.Test;

/**
 * node-a's longest route for {@code b.test/svc} leads to a node that is down, so a message goes to
 * the next matching route ({@code b.test} via node-c), and node-c hands it to node-d, whose client
 * subscribed (learned over node-c's link to node-d).
 */
class NextRouteTest {

  private final NodeFixture fixture = new NodeFixture();

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void aDownRouteFallsBackToTheNextMatchingRoute() throws Exception {
    int portC = freePort();
    int portD = freePort();
    int dead = freePort();
    SpiffeId a = SpiffeId.parse("spiffe://a.test/fabric/node-a");
    SpiffeId c = SpiffeId.parse("spiffe://b.test/fabric/node-c");
    SpiffeId d = SpiffeId.parse("spiffe://b.test/fabric/node-d");
    Node nodeD = fixture.node(config("node-d", portD).withLinkPeers(List.of(c)), d.toString());
    Node nodeC =
        fixture.node(
            config("node-c", portC)
                .withLinkPeers(List.of(a))
                .withRoutes(List.of(route("b.test/svc", portD, d))),
            c.toString());
    Node nodeA =
        fixture.node(
            config("node-a", 0)
                .withRoutes(
                    List.of(
                        route("b.test/svc", dead, SpiffeId.parse("spiffe://b.test/fabric/gone")),
                        route("b.test", portC, c))),
            a.toString());

    BlockingQueue<Message> got = new LinkedBlockingQueue<>();
    fixture
        .client(nodeD, "spiffe://b.test/svc/echo")
        .subscribe(Name.parse("b.test/svc/echo"), got::add);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                nodeC.routes().stream()
                    .anyMatch(r -> r.name().equals("b.test/svc/echo") && r.kind().equals("link")));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                nodeA.routes().stream()
                    .anyMatch(r -> r.name().equals("b.test") && !r.connection().isEmpty()));
    assertThat(nodeA.routes())
        .filteredOn(r -> r.name().equals("b.test/svc"))
        .singleElement()
        .satisfies(r -> assertThat(r.connection()).isEmpty());

    FabricClient caller = fixture.client(nodeA, "spiffe://a.test/app/caller");
    caller.publish(Name.parse("b.test/svc/echo"), "fallback".getBytes(UTF_8));
    Message m = got.poll(10, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(new String(m.payload(), UTF_8)).isEqualTo("fallback");
  }

  private static NodeConfig config(String id, int port) {
    return NodeConfig.of(id, "acme", InetSocketAddress.createUnresolved("127.0.0.1", port));
  }

  private static Route route(String prefix, int port, SpiffeId peer) {
    return new Route(prefix, InetSocketAddress.createUnresolved("127.0.0.1", port), peer);
  }

  private static int freePort() throws IOException {
    return dev.weft.testing.Ports.free();
  }
}
