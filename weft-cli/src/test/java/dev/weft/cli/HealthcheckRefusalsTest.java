package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.TempSockets;
import dev.weft.trust.config.FederationConfig;
import dev.weft.trust.config.ListenerLimits;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.server.TrustServer;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft trust healthcheck} shows operators what the listener limits refused: here a node-API
 * connection and a bundle-endpoint connection that never start their TLS handshakes, closed at
 * {@code handshake_timeout}.
 */
class HealthcheckRefusalsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TempSockets dir;
  private TrustServer server;
  private String socket;

  @BeforeEach
  void startServer() throws Exception {
    dir = new TempSockets();
    server =
        TrustServer.start(
            ServerConfig.builder()
                .trustDomain(TrustDomain.parse("example.org"))
                .bindPort(0)
                .dataDir(dir.dir().resolve("server"))
                .socketPath(dir.socket("admin.sock"))
                .federation(
                    FederationConfig.none()
                        .withBundleEndpoint(FederationConfig.BundleEndpoint.spiffe("127.0.0.1", 0)))
                .limits(ListenerLimits.defaults().withHandshakeTimeout(Duration.ofMillis(200)))
                .build(),
            TrustServer.Options.defaults().withTickInterval(Duration.ofSeconds(1)));
    socket = server.adminSocket().toString();
  }

  @AfterEach
  void stop() {
    server.close();
    dir.close();
  }

  @Test
  void healthcheckShowsWhatTheListenerLimitsRefused() throws Exception {
    Cli.Result before = Cli.run("trust", "healthcheck", "--socket", socket);
    assertThat(before.out()).isEqualTo(expected(0, 0));

    // connections that never start their handshakes
    Socket node = new Socket("127.0.0.1", server.nodeApiAddress().getPort());
    Socket bundle = new Socket("127.0.0.1", server.bundleEndpointAddress().orElseThrow().getPort());
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  server.refusals().connections() == 1 && server.refusals().bundleEndpoint() == 1);
    } finally {
      node.close();
      bundle.close();
    }

    Cli.Result text = Cli.run("trust", "healthcheck", "--socket", socket);
    assertThat(text.status()).isZero();
    assertThat(text.out()).isEqualTo(expected(1, 1));
    Cli.Result json = Cli.run("trust", "healthcheck", "--socket", socket, "--output", "json");
    JsonNode refusals = JSON.readTree(json.out()).get("refusals");
    assertThat(refusals.get("node_api_connections").asLong()).isEqualTo(1);
    assertThat(refusals.get("node_api_calls").asLong()).isZero();
    assertThat(refusals.get("admin_api_calls").asLong()).isZero();
    assertThat(refusals.get("bundle_endpoint_connections").asLong()).isEqualTo(1);
  }

  private static String expected(long node, long bundle) {
    return "Server is healthy.\n"
        + "Refused by the listener limits since the server started:\n"
        + "  node API connections          "
        + node
        + "\n"
        + "  node API calls                0\n"
        + "  admin API calls               0\n"
        + "  bundle endpoint connections   "
        + bundle
        + "\n";
  }
}
