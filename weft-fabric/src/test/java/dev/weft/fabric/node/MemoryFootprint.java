package dev.weft.fabric.node;

import dev.weft.fabric.Pki;
import dev.weft.fabric.internal.Tls;
import dev.weft.fabric.internal.Transport;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameDecoder;
import dev.weft.fabric.wire.FrameEncoder;
import dev.weft.fabric.wire.FrameType;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.tls.PeerAuthorizer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures a node's heap per idle connection and per subscription. The node runs in a child JVM (so
 * the clients' memory is not counted); this process opens the connections over real mTLS, and the
 * child reports its heap after full GCs.
 *
 * <p>Run as docs/fabric.md says (section Memory); arguments: connections, subscriptions.
 */
public final class MemoryFootprint {

  private MemoryFootprint() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("node")) {
      node(Path.of(args[1]));
      return;
    }
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int subscriptions = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Pki pki = new Pki();
    Path dir = Files.createTempDirectory("weft-fabric-mem");
    IdentitySnapshot nodeId = pki.snapshot(SpiffeId.parse("spiffe://a.test/fabric/node-a"));
    Files.write(dir.resolve("svid.der"), nodeId.svid().leaf().getEncoded());
    Files.write(dir.resolve("key.der"), nodeId.svid().privateKey().getEncoded());
    Files.write(dir.resolve("bundle.der"), pki.a.root().cert().getEncoded());

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx2g",
                "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                MemoryFootprint.class.getName(),
                "node",
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader from =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter to = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
    int port = Integer.parseInt(expect(from, "PORT"));

    SwappableIdentitySource client = pki.source("spiffe://a.test/app/load");
    SslContext ssl = Tls.client(client, PeerAuthorizer.any(), Clock.systemUTC());
    EventLoopGroup group = Transport.group(2, "mem-client");
    AtomicInteger acks = new AtomicInteger();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(Transport.socketChannel())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(ssl.newHandler(ch.alloc(), "127.0.0.1", port))
                        .addLast(new FrameDecoder(1 << 20))
                        .addLast(FrameEncoder.INSTANCE)
                        .addLast(
                            new SimpleChannelInboundHandler<Object>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof Frame f && f.type() == FrameType.ACK) {
                                  acks.incrementAndGet();
                                } else {
                                  System.err.println("unexpected: " + msg);
                                }
                              }
                            });
                  }
                });
    try {
      long[] base = heap(from, to);
      List<Channel> channels = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        Channel ch = bootstrap.connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        ch.writeAndFlush(Frame.control(FrameType.HELLO, i, "a.test/mem/client/c" + i));
        channels.add(ch);
      }
      await(acks, connections);
      long[] withConnections = heap(from, to);
      Channel one = channels.get(0);
      for (int i = 0; i < subscriptions; i++) {
        one.write(Frame.control(FrameType.SUBSCRIBE, i, "a.test/mem/topic/t" + i));
        if (i % 1000 == 999) {
          one.flush();
          await(acks, connections + i + 1 - 5000);
        }
      }
      one.flush();
      await(acks, connections + subscriptions);
      long[] withSubscriptions = heap(from, to);
      System.out.printf(
          "fabric memory transport=%s tls=%s base_heap_bytes=%d base_rss_bytes=%d%n",
          Transport.name(), Tls.provider(), base[0], base[1]);
      System.out.printf(
          "fabric memory idle_connections=%d per_connection_heap_bytes=%.0f"
              + " per_connection_rss_bytes=%.0f%n",
          connections,
          (withConnections[0] - base[0]) / (double) connections,
          (withConnections[1] - base[1]) / (double) connections);
      System.out.printf(
          "fabric memory subscriptions=%d per_subscription_heap_bytes=%.0f"
              + " per_subscription_rss_bytes=%.0f%n",
          subscriptions,
          (withSubscriptions[0] - withConnections[0]) / (double) subscriptions,
          (withSubscriptions[1] - withConnections[1]) / (double) subscriptions);
      channels.forEach(Channel::close);
    } finally {
      to.println("quit");
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      child.waitFor(10, TimeUnit.SECONDS);
      child.destroy();
    }
  }

  private static void await(AtomicInteger acks, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (acks.get() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("acks: " + acks.get() + " (expected: " + atLeast + ")");
      }
      Thread.sleep(5);
    }
  }

  /** The child's heap after full GCs and its resident set: {heap, rss}. */
  private static long[] heap(BufferedReader from, PrintWriter to) throws Exception {
    to.println("measure");
    String[] words = expect(from, "HEAP").split(" ");
    return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1])};
  }

  private static String expect(BufferedReader from, String word) throws Exception {
    String line;
    while ((line = from.readLine()) != null) {
      if (line.startsWith(word + " ")) {
        return line.substring(word.length() + 1).trim();
      }
    }
    throw new IllegalStateException("the node process ended before " + word);
  }

  /** The process's resident set, in bytes, from /proc (0 where there is none). */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** The child: a node with the identity in {@code dir}, answering "measure" with its heap. */
  private static void node(Path dir) throws Exception {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    X509Certificate root =
        (X509Certificate)
            x509.generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(dir.resolve("bundle.der"))));
    X509Svid svid =
        X509Svid.parseDer(
            Files.readAllBytes(dir.resolve("svid.der")),
            Files.readAllBytes(dir.resolve("key.der")),
            "");
    IdentitySnapshot snapshot =
        new IdentitySnapshot(
            svid, BundleSet.of(TrustBundle.ofX509(TrustDomain.parse("a.test"), List.of(root))));
    Limits limits = new Limits(1 << 20, 8192, 8L << 20, 100_000, 1_000_000, Duration.ofSeconds(30));
    NodeConfig config =
        NodeConfig.of("node-a", "acme", InetSocketAddress.createUnresolved("127.0.0.1", 0))
            .withLimits(limits, SlowConsumerPolicy.DISCONNECT);
    try (Node node =
        Node.builder(config).identity(SwappableIdentitySource.of(snapshot)).ioThreads(2).start()) {
      System.out.println("PORT " + node.localAddress().getPort());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        if (line.equals("measure")) {
          long used = 0;
          for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
            used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          }
          System.out.println("HEAP " + used + " " + rss());
        }
      }
    }
  }
}
