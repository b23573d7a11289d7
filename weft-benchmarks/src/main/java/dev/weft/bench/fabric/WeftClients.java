package dev.weft.bench.fabric;

import dev.weft.bench.Latencies;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.client.Subscription;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** The Weft side's workloads, driven by weft-fabric's {@link FabricClient} over mutual TLS. */
final class WeftClients {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final IdentitySource identity;
  private final SpiffeId nodeId;

  WeftClients(IdentitySource identity, SpiffeId nodeId) {
    this.identity = identity;
    this.nodeId = nodeId;
  }

  FabricClient connect(InetSocketAddress node) throws FabricException {
    return FabricClient.builder(identity)
        .node(node)
        .expectNode(nodeId)
        .connectTimeout(TIMEOUT)
        .sendTimeout(TIMEOUT)
        .connect();
  }

  /** One publisher client to one subscriber client of {@code name} (anycast), through one node. */
  Workloads.Throughput pubSub(
      InetSocketAddress node, Name name, byte[] body, long warmup, long messages, int window)
      throws Exception {
    try (FabricClient publisher = connect(node);
        FabricClient subscriber = connect(node)) {
      AtomicLong received = new AtomicLong();
      Subscription subscription = subscriber.subscribe(name, m -> received.incrementAndGet());
      try {
        Workloads.Stream stream =
            new Workloads.Stream() {
              @Override
              public void publish(byte[] b) throws FabricException {
                publisher.publish(name, b);
              }

              @Override
              public long received() {
                return received.get();
              }
            };
        return Workloads.pubSub(stream, body, warmup, messages, window, TIMEOUT);
      } finally {
        subscription.close();
      }
    }
  }

  /**
   * A responder client subscribed to {@code name} on {@code responderNode}, answering each request
   * with its body, and a requester on {@code requesterNode} (the same node, or another one linked
   * to it).
   */
  Latencies reqRep(
      WeftClients requesterSide,
      InetSocketAddress requesterNode,
      InetSocketAddress responderNode,
      Name name,
      byte[] body,
      int warmup,
      int requests)
      throws Exception {
    try (FabricClient responder = connect(responderNode);
        FabricClient requester = requesterSide.connect(requesterNode)) {
      Subscription subscription = responder.subscribe(name, m -> answer(responder, m));
      try {
        awaitRoute(requester, name, body);
        return Workloads.reqRep(
            b -> {
              Message reply =
                  requester
                      .request(name, b, TIMEOUT)
                      .get(TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
              if (reply.payload().length != b.length) {
                throw new IOException(
                    "weft request: reply of "
                        + reply.payload().length
                        + " bytes (expected: "
                        + b.length
                        + ")");
              }
            },
            body,
            warmup,
            requests);
      } finally {
        subscription.close();
      }
    }
  }

  /** Opens {@code count} idle connections' worth of clients; see {@link Memory}. */
  Memory.Connector idleConnections(InetSocketAddress node) {
    return () -> connect(node);
  }

  /** Subscribes one client to {@code count} distinct names under {@code prefix}. */
  Memory.Subscriber subscriptions(InetSocketAddress node, String prefix) {
    AtomicLong batch = new AtomicLong();
    return count -> {
      FabricClient client = connect(node);
      String base = prefix + "/s" + batch.incrementAndGet() + "-";
      // Subscribing waits for the node's answer; 16 virtual threads keep several in flight.
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> done = new ArrayList<>();
        int threads = Math.min(16, count);
        for (int t = 0; t < threads; t++) {
          int first = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = first; i < count; i += threads) {
                      client.subscribe(Name.parse(base + i), m -> {});
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } catch (ExecutionException e) {
        client.close();
        throw new IOException("weft subscribe failed: " + e.getCause().getMessage(), e.getCause());
      }
      return client;
    };
  }

  private static void answer(FabricClient responder, Message request) {
    try {
      responder.reply(request, request.payload());
    } catch (FabricException e) {
      throw new IllegalStateException("weft reply failed: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until a request to {@code name} is answered: across nodes, the link and the route come up
   * asynchronously after the nodes start.
   */
  private static void awaitRoute(FabricClient requester, Name name, byte[] body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        requester.request(name, body, Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | TimeoutException e) {
        if (System.nanoTime() - deadline > 0) {
          throw new IOException(
              "weft: no answer from " + name + " within 30 s: " + e.getMessage(), e);
        }
        Thread.sleep(200);
      }
    }
  }
}
