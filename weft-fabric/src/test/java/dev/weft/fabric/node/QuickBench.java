package dev.weft.fabric.node;

import dev.weft.fabric.Name;
import dev.weft.fabric.Pki;
import dev.weft.fabric.client.FabricClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick in-process figure for the wire decision: pub/sub throughput and request/reply latency
 * through one node, 128-byte messages, real mTLS on loopback. Everything shares one JVM and the
 * machine's cores, so it is a lower bound; {@code scripts/bench fabric} measures against NATS.
 * Arguments: messages (default 1,000,000), requests (default 20,000). Run as docs/fabric.md says.
 */
public final class QuickBench {

  private QuickBench() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Pki pki = new Pki();
    NodeConfig config =
        NodeConfig.of("node-a", "acme", InetSocketAddress.createUnresolved("127.0.0.1", 0));
    try (Node node =
            Node.builder(config)
                .identity(pki.source("spiffe://a.test/fabric/node-a"))
                .ioThreads(2)
                .start();
        FabricClient sub =
            FabricClient.builder(pki.source("spiffe://a.test/bench/sub"))
                .node(node.localAddress())
                .connect();
        FabricClient pub =
            FabricClient.builder(pki.source("spiffe://a.test/bench/pub"))
                .node(node.localAddress())
                .connect()) {
      Name stream = Name.parse("a.test/bench/stream");
      AtomicLong received = new AtomicLong();
      CountDownLatch done = new CountDownLatch(1);
      sub.subscribe(
          stream,
          m -> {
            if (received.incrementAndGet() == messages) {
              done.countDown();
            }
          });
      byte[] payload = new byte[128];
      for (int i = 0; i < 10_000; i++) {
        pub.publish(stream, payload);
      }
      while (received.get() < 10_000) {
        Thread.sleep(10);
      }
      received.set(0);
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        pub.publish(stream, payload);
      }
      pub.flush();
      if (!done.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("received " + received.get() + " of " + messages);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "fabric quick pubsub-mtls weft_msgs_per_s=%.0f messages=%d%n",
          messages / seconds, messages);

      Name echo = Name.parse("a.test/bench/echo");
      sub.subscribe(
          echo,
          m -> {
            try {
              sub.reply(m, m.payload());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      long[] micros = new long[requests];
      for (int i = 0; i < 2_000; i++) {
        pub.request(echo, payload, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
      }
      for (int i = 0; i < requests; i++) {
        long t = System.nanoTime();
        pub.request(echo, payload, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        micros[i] = (System.nanoTime() - t) / 1_000;
      }
      Arrays.sort(micros);
      System.out.printf(
          "fabric quick reqrep-mtls weft_p50_us=%d weft_p99_us=%d requests=%d%n",
          micros[requests / 2], micros[(int) (requests * 0.99)], requests);
    }
  }
}
