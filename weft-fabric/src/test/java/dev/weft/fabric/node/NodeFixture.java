package dev.weft.fabric.node;

import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.Pki;
import dev.weft.fabric.client.FabricClient;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Starts nodes and clients on loopback and closes them all. */
final class NodeFixture implements AutoCloseable {

  final Pki pki = new Pki();
  private final List<AutoCloseable> open = new ArrayList<>();

  static NodeConfig config(String id, String domain) {
    return NodeConfig.of(id, domain, InetSocketAddress.createUnresolved("127.0.0.1", 0))
        .withAdminEndpoint(InetSocketAddress.createUnresolved("127.0.0.1", 0));
  }

  Node node(NodeConfig config, String spiffeId) throws FabricException {
    Node node = Node.builder(config).identity(pki.source(spiffeId)).ioThreads(2).start();
    open.add(node);
    return node;
  }

  FabricClient client(Node node, String spiffeId) throws FabricException {
    return client(node, spiffeId, null);
  }

  FabricClient client(Node node, String spiffeId, Name instance) throws FabricException {
    FabricClient.Builder b = FabricClient.builder(pki.source(spiffeId)).node(node.localAddress());
    if (instance != null) {
      b.instanceName(instance);
    }
    FabricClient client = b.connect();
    open.add(0, client);
    return client;
  }

  /** Closes {@code c} with the fixture, before the nodes (as clients are). */
  void closeFirst(AutoCloseable c) {
    open.add(0, c);
  }

  /** Closes {@code c} with the fixture. */
  void closeLater(AutoCloseable c) {
    open.add(c);
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
  }
}
