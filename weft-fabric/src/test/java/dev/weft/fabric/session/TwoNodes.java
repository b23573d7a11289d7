package dev.weft.fabric.session;

import static org.awaitility.Awaitility.await;

import dev.weft.fabric.FabricException;
import dev.weft.fabric.Pki;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import dev.weft.fabric.node.Route;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two real nodes on loopback over mTLS, node-a linked to node-b by a static route for {@code
 * a.test/east}, on fixed ports so that either can be stopped and started again where it was;
 * clients that reconnect quickly and session endpoints that retransmit long enough to outlast a
 * restart. Closes them all.
 */
final class TwoNodes implements AutoCloseable {

  static final SpiffeId A = SpiffeId.parse("spiffe://a.test/fabric/node-a");
  static final SpiffeId B = SpiffeId.parse("spiffe://a.test/fabric/node-b");

  final Pki pki = new Pki();
  private final NodeConfig configA;
  private final NodeConfig configB;
  private volatile Node a;
  private volatile Node b;
  private final List<AutoCloseable> open = new ArrayList<>();

  TwoNodes() throws IOException, FabricException {
    int portA = Ports.free();
    int portB = Ports.free();
    configB = NodeConfig.of("node-b", "acme", loopback(portB)).withLinkPeers(List.of(A));
    configA =
        NodeConfig.of("node-a", "acme", loopback(portA))
            .withRoutes(List.of(new Route("a.test/east", loopback(portB), B)));
    b = start(configB, B);
    a = start(configA, A);
    awaitLinked();
  }

  Node a() {
    return a;
  }

  Node b() {
    return b;
  }

  /** Stops node-a and starts it again on its port (its links and clients redial). */
  void restartA() throws FabricException {
    a.close();
    a = start(configA, A);
  }

  /** Stops node-b, waits {@code down} (an outage) and starts it again on its port. */
  void restartB(Duration down) throws FabricException, InterruptedException {
    b.close();
    Thread.sleep(down);
    b = start(configB, B);
  }

  /** Waits until node-a's link to node-b is up. */
  void awaitLinked() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                a.connections().stream()
                        .anyMatch(c -> c.kind().startsWith("link") && c.state().equals("open"))
                    && b.connections().stream()
                        .anyMatch(c -> c.kind().startsWith("link") && c.state().equals("open")));
  }

  /** A client as {@code spiffeId} of {@code nodes} (the first preferred), redialling quickly. */
  FabricClient client(String spiffeId, List<Node> nodes) throws FabricException {
    FabricClient client =
        FabricClient.builder(pki.source(spiffeId))
            .nodeAddresses(nodes.stream().map(Node::localAddress).toList())
            .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .connect();
    open.add(0, client);
    return client;
  }

  /**
   * An endpoint on {@code client} that retransmits every 50 ms at first and at most every 500 ms,
   * 120 times (about a minute), and waits up to 60 s for room in its send buffer: a restart costs
   * time, never the session.
   */
  SessionEndpoint endpoint(FabricClient client) throws FabricException {
    SessionEndpoint endpoint =
        SessionEndpoint.builder(client)
            .retransmitTimeout(Duration.ofMillis(50))
            .maxBackoff(Duration.ofMillis(500))
            .maxRetries(120)
            .sendTimeout(Duration.ofSeconds(60))
            .start();
    open.add(0, endpoint);
    return endpoint;
  }

  @Override
  public void close() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    a.close();
    b.close();
  }

  private Node start(NodeConfig config, SpiffeId id) throws FabricException {
    return Node.builder(config).identity(pki.source(id.toString())).ioThreads(2).start();
  }

  private static InetSocketAddress loopback(int port) {
    return InetSocketAddress.createUnresolved("127.0.0.1", port);
  }
}
