package dev.weft.fabric.session;

import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.Pki;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.client.MessageHandler;
import dev.weft.fabric.client.Subscription;
import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** One real node on loopback over mTLS, clients and session endpoints on it; closes them all. */
final class Mesh implements AutoCloseable {

  static final String ALICE = "spiffe://a.test/app/alice";
  static final String BOB = "spiffe://a.test/app/bob";

  final Pki pki = new Pki();
  final Node node;
  private final List<AutoCloseable> open = new ArrayList<>();

  Mesh() throws FabricException {
    node =
        Node.builder(
                NodeConfig.of("node-a", "acme", InetSocketAddress.createUnresolved("127.0.0.1", 0)))
            .identity(pki.source("spiffe://a.test/fabric/node-a"))
            .ioThreads(2)
            .start();
    open.add(node);
  }

  FabricClient client(String spiffeId) throws FabricException {
    FabricClient client =
        FabricClient.builder(pki.source(spiffeId)).node(node.localAddress()).connect();
    open.add(0, client);
    return client;
  }

  /** An endpoint with short retransmission timeouts, for a fresh client as {@code spiffeId}. */
  SessionEndpoint endpoint(String spiffeId, UnaryOperator<SessionEndpoint.Builder> settings)
      throws FabricException {
    SessionEndpoint.Builder b =
        SessionEndpoint.builder(client(spiffeId))
            .retransmitTimeout(Duration.ofMillis(50))
            .maxBackoff(Duration.ofMillis(400))
            .maxRetries(12);
    SessionEndpoint endpoint = settings.apply(b).start();
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
  }

  /** Drops a fraction of the DATA frames that arrive (a seeded random choice). */
  static UnaryOperator<Carrier> lossy(double fraction, long seed) {
    Random random = new Random(seed);
    return inner ->
        receiving(
            inner,
            (m, h) -> {
              boolean data = m.payload().length > 1 && m.payload()[1] == 3;
              if (!(data && random.nextDouble() < fraction)) {
                h.onMessage(m);
              }
            });
  }

  /** Delivers every frame that arrives twice. */
  static UnaryOperator<Carrier> doubling() {
    return inner ->
        receiving(
            inner,
            (m, h) -> {
              h.onMessage(m);
              h.onMessage(m);
            });
  }

  interface Tap {
    void onMessage(Message message, MessageHandler handler);
  }

  /** {@code inner} with every received message passed through {@code tap}. */
  static Carrier receiving(Carrier inner, Tap tap) {
    return new Carrier() {
      @Override
      public Name self() {
        return inner.self();
      }

      @Override
      public void send(Name to, byte[] frame) throws FabricException {
        inner.send(to, frame);
      }

      @Override
      public CompletableFuture<Message> request(Name to, byte[] frame, Duration timeout) {
        return inner.request(to, frame, timeout);
      }

      @Override
      public void reply(Message request, byte[] frame) throws FabricException {
        inner.reply(request, frame);
      }

      @Override
      public Subscription subscribe(Name name, MessageHandler handler) throws FabricException {
        return inner.subscribe(name, m -> tap.onMessage(m, handler));
      }

      @Override
      public boolean connected() {
        return inner.connected();
      }
    };
  }
}
