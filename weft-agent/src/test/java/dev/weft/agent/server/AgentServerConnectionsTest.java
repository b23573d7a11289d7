package dev.weft.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.agent.observability.Observability;
import dev.weft.agent.observability.ObservabilityConfig;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection limits and timeouts of the agent server: real sockets, short configured timeouts. */
class AgentServerConnectionsTest {

  private static final Duration SHORT = Duration.ofMillis(500);

  private final List<Socket> sockets = new ArrayList<>();
  private Observability observability;
  private ServerFixture fx;

  private void start(ServerLimits limits) throws Exception {
    observability =
        Observability.create(
            new ObservabilityConfig(
                ObservabilityConfig.defaults().logging(),
                new ObservabilityConfig.Metrics(true, Map.of()),
                new ObservabilityConfig.Tracing(false, "search-agent", Optional.empty(), 1.0)));
    fx =
        new ServerFixture(
            b ->
                b.observer(observability.observer()).metrics(observability::scrape).limits(limits));
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    fx.close();
    observability.close();
  }

  @Test
  void idleConnectionsAndHalfOpenHandshakesDoNotStopANormalCallAndAreClosed() throws Exception {
    start(ServerLimits.defaults().withTimeouts(SHORT, SHORT, SHORT));
    RawTls raw = new RawTls(fx.mesh, fx.port());
    for (int i = 0; i < 150; i++) {
      sockets.add(raw.openPlain()); // TCP only: the TLS handshake never starts
    }
    for (int i = 0; i < 150; i++) {
      sockets.add(raw.open()); // TLS done, then no request
    }
    for (int i = 0; i < 50; i++) {
      SSLSocket kept = raw.open(); // one request, then idle on a kept-alive connection
      sockets.add(kept);
      RawTls.write(kept, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawTls.head(kept)).startsWith("HTTP/1.1 200 ");
    }

    assertStillServes();

    for (Socket s : sockets) {
      assertThat(RawTls.closedByServer(s)).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              // Until its first request bytes, a connection is in its handshake phase.
              assertThat(metric("weft_agent_connections_timed_out_total{phase=\"handshake\"}"))
                  .isEqualTo(300.0);
              assertThat(metric("weft_agent_active_connections")).isZero();
            });
  }

  @Test
  void pastTheConnectionLimitANewConnectionIsClosedAtOnceAndCounted() throws Exception {
    start(
        ServerLimits.defaults()
            .withMaxConnections(5)
            .withTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5)));
    RawTls raw = new RawTls(fx.mesh, fx.port());
    for (int i = 0; i < 5; i++) {
      sockets.add(raw.openPlain());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metric("weft_agent_active_connections") == 5.0);

    assertThatThrownBy(raw::open).isInstanceOf(IOException.class);
    assertThat(metric("weft_agent_connections_rejected_total")).isEqualTo(1.0);

    sockets.getFirst().close();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(this::assertStillServes);
  }

  @Test
  void headersThatDoNotArriveInTimeCloseTheConnection() throws Exception {
    start(
        ServerLimits.defaults().withTimeouts(Duration.ofMinutes(5), SHORT, Duration.ofMinutes(5)));
    RawTls raw = new RawTls(fx.mesh, fx.port());
    try (SSLSocket socket = raw.open()) {
      RawTls.write(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\n"); // and never the empty line

      assertThat(RawTls.closedByServer(socket)).isTrue();
    }
    assertThat(metric("weft_agent_connections_timed_out_total{phase=\"request_read\"}"))
        .isEqualTo(1.0);
    assertStillServes();
  }

  @Test
  void aBodyThatDoesNotArriveInTimeClosesTheConnection() throws Exception {
    start(
        ServerLimits.defaults().withTimeouts(Duration.ofMinutes(5), SHORT, Duration.ofMinutes(5)));
    RawTls raw = new RawTls(fx.mesh, fx.port());
    try (SSLSocket socket = raw.open()) {
      RawTls.write(
          socket,
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100\r\n\r\n{\"jsonrpc\": ");

      assertThat(RawTls.closedByServer(socket)).isTrue();
    }
    assertThat(metric("weft_agent_connections_timed_out_total{phase=\"request_read\"}"))
        .isEqualTo(1.0);
    assertStillServes();
  }

  private void assertStillServes() throws Exception {
    try (Mesh.Client client = fx.client("/agent/orchestrator")) {
      assertThat(
              client
                  .call(fx.port(), "echo", "{\"still\": true}")
                  .at("/result/parts/0/data/still")
                  .asBoolean())
          .isTrue();
    }
  }

  private double metric(String series) {
    String prefix = series + " ";
    return observability
        .scrape()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
        .findFirst()
        .orElse(-1);
  }
}
