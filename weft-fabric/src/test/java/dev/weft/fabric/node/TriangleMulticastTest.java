package dev.weft.fabric.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.identity.spiffeid.SpiffeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three nodes without a controller, each linked to the other two by static routes, subscribers on
 * two of them: a multicast from the third arrives once per subscriber. (A node used to send a
 * message that came over a link on to the other links that announced the name, so each subscriber
 * got it twice.)
 */
class TriangleMulticastTest {

  static final SpiffeId A = SpiffeId.parse("spiffe://a.test/fabric/node-a");
  static final SpiffeId B = SpiffeId.parse("spiffe://a.test/fabric/node-b");
  static final SpiffeId C = SpiffeId.parse("spiffe://a.test/fabric/node-c");

  @Test
  void aMulticastReachesEachSubscriberOnceInATriangle() throws Exception {
    int portB = freePort();
    int portC = freePort();
    try (NodeFixture fixture = new NodeFixture()) {
      // a dials b and c, b dials c: three links.
      Node a =
          fixture.node(
              config("node-a", 0)
                  .withRoutes(List.of(route("a.test/b", portB, B), route("a.test/c", portC, C))),
              A.toString());
      Node b =
          fixture.node(
              config("node-b", portB)
                  .withRoutes(List.of(route("a.test/c", portC, C)))
                  .withLinkPeers(List.of(A)),
              B.toString());
      Node c = fixture.node(config("node-c", portC).withLinkPeers(List.of(A, B)), C.toString());
      Name room = Name.parse("a.test/chat/room");
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      for (Node n : List.of(b, c)) {
        fixture
            .client(n, "spiffe://a.test/chat/member")
            .subscribe(room, m -> got.add(n.config().id() + ":" + new String(m.payload(), UTF_8)));
      }
      // Every node has heard of the subscribers of its neighbours.
      await().atMost(Duration.ofSeconds(15)).until(() -> learned(a, room) == 2);
      await().atMost(Duration.ofSeconds(15)).until(() -> learned(b, room) == 1);
      await().atMost(Duration.ofSeconds(15)).until(() -> learned(c, room) == 1);

      FabricClient publisher = fixture.client(a, "spiffe://a.test/app/announcer");
      publisher.multicast(room, "once".getBytes(UTF_8));
      List<String> seen = new ArrayList<>();
      seen.add(got.poll(10, TimeUnit.SECONDS));
      seen.add(got.poll(10, TimeUnit.SECONDS));
      assertThat(seen).containsExactlyInAnyOrder("node-b:once", "node-c:once");
      assertThat(got.poll(500, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
    }
  }

  private static long learned(Node node, Name name) {
    return node.routes().stream()
        .filter(r -> r.name().equals(name.toString()) && r.kind().equals("link"))
        .map(r -> r.peer())
        .distinct()
        .count();
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
