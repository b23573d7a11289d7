package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.TempSockets;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.node.NodeAgent;
import dev.weft.trust.server.TrustServer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real trust server and node agent of {@code example.org} in a temporary directory, whose
 * Workload API gives this test's uid the SVID {@link #ME}. Closing stops both and deletes the
 * directory.
 */
final class LocalWorkloadApi implements AutoCloseable {
  static final String AGENT = "spiffe://example.org/weft/agent/node-a";
  static final String ME = "spiffe://example.org/me";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TempSockets dir = new TempSockets();
  private final TrustServer server;
  private final NodeAgent agent;
  private final String entryId;

  LocalWorkloadApi() throws Exception {
    server =
        TrustServer.start(
            ServerConfig.builder()
                .trustDomain(TrustDomain.parse("example.org"))
                .bindPort(0)
                .dataDir(dir.dir().resolve("server"))
                .socketPath(dir.socket("admin.sock"))
                .build(),
            TrustServer.Options.defaults().withTickInterval(Duration.ofSeconds(1)));
    String admin = server.adminSocket().toString();
    Cli.Result token =
        Cli.run(
            "trust",
            "token",
            "generate",
            "--socket",
            admin,
            "--output",
            "json",
            "--spiffe-id",
            AGENT);
    agent =
        NodeAgent.start(
            NodeAgentConfig.builder()
                .trustDomain(TrustDomain.parse("example.org"))
                .serverAddress("127.0.0.1")
                .serverPort(server.nodeApiAddress().getPort())
                .socketPath(dir.socket("api.sock"))
                .dataDir(dir.dir().resolve("agent"))
                .insecureBootstrap(true)
                .joinToken(JSON.readTree(token.out()).get("token").asText())
                .build());
    Cli.Result entry =
        Cli.run(
            "trust",
            "entry",
            "create",
            "--socket",
            admin,
            "--spiffe-id",
            ME,
            "--parent-id",
            AGENT,
            "--selector",
            "unix:uid:" + new com.sun.security.auth.module.UnixSystem().getUid(),
            "--output",
            "json");
    assertThat(entry.status()).as(entry.err()).isZero();
    entryId = JSON.readTree(entry.out()).get("entries").get(0).get("id").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Cli.run("trust", "agent", "api", "fetch", "x509", "--socket", socket())
                    .out()
                    .contains(ME));
  }

  /**
   * Registers another identity for this process (the same selector as {@link #ME}), and waits until
   * the Workload API offers it; from then on it offers both, so callers choose one with {@code
   * --as}.
   */
  void addIdentity(String spiffeId) {
    Cli.Result entry =
        Cli.run(
            "trust",
            "entry",
            "create",
            "--socket",
            server.adminSocket().toString(),
            "--spiffe-id",
            spiffeId,
            "--parent-id",
            AGENT,
            "--selector",
            "unix:uid:" + new com.sun.security.auth.module.UnixSystem().getUid());
    assertThat(entry.status()).as(entry.err()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Cli.run("trust", "agent", "api", "fetch", "x509", "--socket", socket())
                    .out()
                    .contains(spiffeId));
  }

  /** Changes {@link #ME}'s entry so that the agent issues a new SVID (with this DNS name). */
  void reissue(String dnsName) {
    Cli.Result r =
        Cli.run(
            "trust",
            "entry",
            "update",
            "--socket",
            server.adminSocket().toString(),
            "--id",
            entryId,
            "--dns",
            dnsName);
    assertThat(r.status()).as(r.err()).isZero();
  }

  /** The Workload API socket. */
  String socket() {
    return dir.socket("api.sock").toString();
  }

  /** The temporary directory, for the test's own files. */
  Path dir() {
    return dir.dir();
  }

  /** A path for a unix socket in the temporary directory. */
  Path socketPath(String name) {
    return dir.socket(name);
  }

  @Override
  public void close() {
    agent.close();
    server.close();
    dir.close();
  }
}
