package dev.weft.bench.fabric;

import dev.weft.bench.Latencies;
import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.TrustDomain;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Weft's side: fabric nodes, each in its own JVM ({@link NodeMain}) like nats-server, with SVIDs
 * from a throwaway CA per trust domain; node A in trust domain {@value #A} and node B in {@value
 * #B}, linked by static routes, both federated. The one-node workloads run through node A with
 * clients of A; the two-node request/reply sends from a client of B on node B to a responder of A
 * on node A, the reply coming back across the link.
 */
final class WeftSide {
  static final String A = "a.bench.weft";
  static final String B = "b.bench.weft";

  private WeftSide() {}

  static SideResults measure(Settings settings, PrintStream out) throws Exception {
    Pki pki = new Pki(A, B);
    Pki.Identity nodeA = pki.issue("spiffe://" + A + "/fabric-node/a");
    Pki.Identity nodeB = pki.issue("spiffe://" + B + "/fabric-node/b");
    WeftClients clientsA =
        new WeftClients(pki.issue("spiffe://" + A + "/bench-client").source(), nodeA.id());
    WeftClients clientsB =
        new WeftClients(pki.issue("spiffe://" + B + "/bench-client").source(), nodeB.id());
    Path dir = Files.createTempDirectory("weft-bench-fabric");
    try {
      pki.writePem(nodeA, dir, "node-a");
      pki.writePem(nodeB, dir, "node-b");
      Map<TrustDomain, Path> roots = pki.writeRoots(dir);
      int portA = ServerProcess.freePort();
      int portB = ServerProcess.freePort();
      writeConfig(dir.resolve("node-a.yaml"), "a", portA, B, portB, nodeB.id().toString());
      writeConfig(dir.resolve("node-b.yaml"), "b", portB, A, portA, nodeA.id().toString());
      InetSocketAddress addressA = new InetSocketAddress(InetAddress.getLoopbackAddress(), portA);
      InetSocketAddress addressB = new InetSocketAddress(InetAddress.getLoopbackAddress(), portB);
      byte[] body = settings.body();
      try (ServerProcess processA = startNode(dir, "node-a", portA, roots)) {
        out.println("# weft: node a on 127.0.0.1:" + portA + " (own JVM), mutual TLS with SVIDs");
        Workloads.Throughput throughput =
            withLog(
                processA,
                () ->
                    clientsA.pubSub(
                        addressA,
                        Name.parse(A + "/bench/pubsub"),
                        body,
                        settings.warmupMessages(),
                        settings.messages(),
                        settings.window()));
        out.printf(
            "# weft pub/sub: %,d messages in %.2f s%n",
            throughput.messages(), throughput.nanos() / 1e9);
        Latencies oneNode =
            clientsA.reqRep(
                clientsA,
                addressA,
                addressA,
                Name.parse(A + "/bench/echo"),
                body,
                settings.warmupRequests(),
                settings.requests());
        long connections =
            Memory.perThousandConnections(
                processA, clientsA.idleConnections(addressA), settings.connections());
        long subscriptions =
            Memory.perHundredThousandSubscriptions(
                processA, clientsA.subscriptions(addressA, A + "/bench"), settings.subscriptions());
        Latencies twoNodes;
        try (ServerProcess processB = startNode(dir, "node-b", portB, roots)) {
          out.println("# weft: node b on 127.0.0.1:" + portB + " (own JVM), linked to node a");
          twoNodes =
              clientsA.reqRep(
                  clientsB,
                  addressB,
                  addressA,
                  Name.parse(A + "/bench/echo2"),
                  body,
                  settings.warmupRequests(),
                  settings.requests());
          check(processB);
        }
        check(processA);
        return new SideResults(
            throughput.perSecond(),
            oneNode.percentile(50) / 1e3,
            oneNode.percentile(99) / 1e3,
            twoNodes.percentile(50) / 1e3,
            twoNodes.percentile(99) / 1e3,
            (double) connections,
            (double) subscriptions);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  static void writeConfig(
      Path file, String id, int port, String otherDomain, int otherPort, String otherPeer)
      throws IOException {
    Files.writeString(
        file,
        """
        # written by scripts/bench fabric; deleted after the run
        node:
          id: %s
          domain: bench-%s
        local_endpoint: 127.0.0.1:%d
        routes:
          %s:
            endpoint: 127.0.0.1:%d
            peer: %s
        # Queues as large as nats-server's default max_pending (64 MiB), so that neither side
        # drops the pub/sub subscriber for being slower than the publisher within the window.
        limits:
          max_connections: 20000
          max_subscriptions: 1000000
          queue_messages: 524288
          queue_bytes: 64MiB
        """
            .formatted(id, id, port, otherDomain, otherPort, otherPeer));
  }

  static ServerProcess startNode(Path dir, String name, int port, Map<TrustDomain, Path> roots)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                NodeMain.class.getName(),
                dir.resolve(name + ".yaml").toString(),
                dir.resolve(name + ".crt").toString(),
                dir.resolve(name + ".key").toString()));
    roots.forEach((domain, file) -> command.add(domain.name() + "=" + file));
    return ServerProcess.startJvm(
        "weft node " + name, command, dir.resolve(name + ".log"), port, Duration.ofSeconds(30));
  }

  /** A measurement that fails with the node's last log lines attached. */
  private interface Measurement<T> {
    T run() throws Exception;
  }

  private static <T> T withLog(ServerProcess node, Measurement<T> measurement) throws Exception {
    try {
      return measurement.run();
    } catch (Exception e) {
      throw new IOException(e.getMessage() + "; the node's log: " + node.tail(), e);
    }
  }

  private static void check(ServerProcess process) throws IOException {
    if (!process.alive()) {
      throw new IOException("the weft node died during the run: " + process.tail());
    }
  }
}
