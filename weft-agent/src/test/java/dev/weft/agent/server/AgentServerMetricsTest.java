package dev.weft.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.agent.observability.Observability;
import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on the mTLS port, and the open-connections gauge. */
class AgentServerMetricsTest {

  private static final String GAUGE = "weft_agent_active_connections ";

  private Observability observability;
  private ServerFixture fx;

  @BeforeEach
  void start() throws Exception {
    observability =
        Observability.create(
            new ObservabilityConfig(
                ObservabilityConfig.defaults().logging(),
                new ObservabilityConfig.Metrics(true, Map.of()),
                new ObservabilityConfig.Tracing(false, "search-agent", Optional.empty(), 1.0)));
    fx =
        new ServerFixture(b -> b.observer(observability.observer()).metrics(observability::scrape));
  }

  @AfterEach
  void stop() throws Exception {
    fx.close();
    observability.close();
  }

  @Test
  void metricsOverMutualTlsHaveTheCallJustServed() throws Exception {
    try (Mesh.Client client = fx.client("/agent/orchestrator")) {
      assertThat(
              client
                  .call(fx.port(), "search", "{\"q\": \"weft\", \"limit\": 1}")
                  .at("/result/parts/0/data/hits/0")
                  .asText())
          .isEqualTo("weft1");

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                HttpResponse<String> metrics = client.get(fx.port(), "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("content-type"))
                    .hasValue(Observability.CONTENT_TYPE);
                assertThat(metrics.body())
                    .contains("# TYPE weft_agent_requests_total counter")
                    .contains(
                        "weft_agent_requests_total{capability=\"search\",outcome=\"ok\","
                            + "peer_trust_domain=\"a.org\"} 1.0");
              });
    }
  }

  @Test
  void metricsNeedAClientCertificateTheServerTrusts() throws Exception {
    try (Mesh.Client stranger =
        fx.mesh.client(fx.mesh.c, "/agent/x", HttpClient.Version.HTTP_1_1)) {
      assertThatThrownBy(() -> stranger.get(fx.port(), "/metrics")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void withoutAnExpositionMetricsAreNotFound() throws Exception {
    try (ServerFixture plain = new ServerFixture();
        Mesh.Client client = plain.client("/agent/orchestrator")) {
      HttpResponse<String> response = client.get(plain.port(), "/metrics");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).isEmpty();
    }
  }

  @Test
  void theActiveConnectionsGaugeCountsAnOpenTlsConnectionUntilItCloses() throws Exception {
    assertThat(activeConnections()).isZero();
    var context =
        SpiffeTls.clientContext(
            fx.mesh.source(fx.mesh.a.svid("/agent/orchestrator"), fx.mesh.a, fx.mesh.b),
            PeerAuthorizer.exactly(fx.mesh.serverId));
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", fx.port())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");

      // The answer was written while the connection was being handled, and it stays open.
      assertThat(activeConnections()).isEqualTo(1);
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> activeConnections() == 0);
  }

  private double activeConnections() {
    return observability
        .scrape()
        .lines()
        .filter(line -> line.startsWith(GAUGE))
        .mapToDouble(line -> Double.parseDouble(line.substring(GAUGE.length())))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + GAUGE + "in the exposition"));
  }
}
