package dev.weft.bench.fabric;

import dev.weft.bench.Latencies;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The baseline: Debian's nats-server, one process on loopback with mutual TLS, its certificates
 * from a throwaway CA (SPIFFE IDs in URI SANs, like Weft's), driven by jnats for throughput and
 * latency and by bare protocol connections for memory.
 */
final class NatsSide {
  static final String TRUST_DOMAIN = "nats.bench.weft";

  private NatsSide() {}

  static SideResults measure(Settings settings, PrintStream out) throws Exception {
    String binary = binary(settings.natsServer());
    Pki pki = new Pki(TRUST_DOMAIN);
    Pki.Identity server = pki.issue("spiffe://" + TRUST_DOMAIN + "/nats-server", "localhost");
    Pki.Identity client = pki.issue("spiffe://" + TRUST_DOMAIN + "/bench-client");
    Path dir = Files.createTempDirectory("weft-bench-nats");
    try {
      pki.writePem(server, dir, "nats");
      SSLContext tls =
          SpiffeTls.clientContext(client.source(), PeerAuthorizer.exactly(server.id()));
      int port = ServerProcess.freePort();
      try (ServerProcess process = NatsServer.start(binary, dir, port)) {
        out.println("# nats: " + version(binary) + " on 127.0.0.1:" + port + ", tls verify: true");
        NatsClients clients = new NatsClients(port, tls);
        byte[] body = settings.body();
        Workloads.Throughput throughput =
            clients.pubSub(body, settings.warmupMessages(), settings.messages(), settings.window());
        out.printf(
            "# nats pub/sub: %,d messages in %.2f s%n",
            throughput.messages(), throughput.nanos() / 1e9);
        Latencies latencies = clients.reqRep(body, settings.warmupRequests(), settings.requests());
        long connections =
            Memory.perThousandConnections(
                process, () -> NatsRaw.connect(port, tls), settings.connections());
        long subscriptions =
            Memory.perHundredThousandSubscriptions(
                process,
                count -> {
                  NatsRaw raw = NatsRaw.connect(port, tls);
                  raw.subscribe("bench.sub", count);
                  return raw;
                },
                settings.subscriptions());
        if (!process.alive()) {
          throw new IOException("nats-server died during the run: " + process.tail());
        }
        return new SideResults(
            throughput.perSecond(),
            latencies.percentile(50) / 1e3,
            latencies.percentile(99) / 1e3,
            null,
            null,
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

  private static String binary(String configured) {
    if (!configured.isEmpty()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server"))) {
        return Path.of(dir, "nats-server").toString();
      }
    }
    if (Files.isExecutable(Path.of("/usr/sbin/nats-server"))) {
      return "/usr/sbin/nats-server";
    }
    throw new IllegalArgumentException(
        "--nats-server: not given and no nats-server on the PATH or in"
            + " /usr/sbin (expected: apt-get install nats-server, which scripts/bench fabric does)");
  }

  private static String version(String binary) {
    try {
      Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return text;
    } catch (IOException e) {
      return "nats-server (version unknown: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "nats-server (version unknown)";
    }
  }
}
