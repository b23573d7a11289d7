package dev.weft.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.observability.Observability;
import dev.weft.agent.observability.ObservabilityConfig;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * One agent server against a client with a valid SVID that behaves badly in every way the server
 * bounds at once: thousands of made-up capability names, 64 MiB bodies (with a length and chunked),
 * and a few hundred connections left idle or half-open. The agent keeps serving, and its {@code
 * /metrics} (read over mutual TLS) stays within a few KiB of where it started.
 */
class HostileClientTest {

  private static final int MIB = 1 << 20;
  private static final Duration SHORT = Duration.ofMillis(500);

  @Test
  void theAgentKeepsServingAndItsMetricsStayBounded() throws Exception {
    ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    List<Socket> idle = new ArrayList<>();
    try (Observability observability =
            Observability.create(
                new ObservabilityConfig(
                    ObservabilityConfig.defaults().logging(),
                    new ObservabilityConfig.Metrics(true, Map.of("cloud", "aws")),
                    new ObservabilityConfig.Tracing(true, "search-agent", Optional.empty(), 1.0)));
        ServerFixture fx =
            new ServerFixture(
                b ->
                    b.observer(observability.observer())
                        .metrics(observability::scrape)
                        .limits(ServerLimits.defaults().withTimeouts(SHORT, SHORT, SHORT)));
        Mesh.Client client = fx.client("/agent/orchestrator")) {
      assertServes(fx, client);
      int before = metricsSize(fx, client);

      for (int i = 0; i < 3000; i++) {
        assertThat(
                client.call(fx.port(), "made-up-" + i, "{}").at("/error/data/weft.error").asText())
            .isEqualTo("NOT_FOUND");
      }
      RawTls raw = new RawTls(fx.mesh, fx.port());
      for (boolean chunked : new boolean[] {false, true}) {
        try (SSLSocket socket = raw.open()) {
          RawTls.write(
              socket,
              "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + 64 * MIB)
                  + "\r\n\r\n");
          writers.submit(() -> flood(socket.getOutputStream(), chunked));
          assertThat(RawTls.head(socket)).startsWith("HTTP/1.1 413 ");
        }
      }
      for (int i = 0; i < 150; i++) {
        idle.add(raw.openPlain());
        idle.add(raw.open());
      }
      assertServes(fx, client);
      for (Socket s : idle) {
        assertThat(RawTls.closedByServer(s)).isTrue();
      }

      assertServes(fx, client);
      String metrics = client.get(fx.port(), "/metrics").body();
      assertThat(metrics.length() - before).isLessThan(8 * 1024);
      assertThat(metrics).doesNotContain("made-up");
    } finally {
      for (Socket s : idle) {
        s.close();
      }
      writers.shutdownNow();
    }
  }

  private static void assertServes(ServerFixture fx, Mesh.Client client) throws Exception {
    assertThat(
            client
                .call(fx.port(), "search", "{\"q\": \"weft\", \"limit\": 1}")
                .at("/result/parts/0/data/hits/0")
                .asText())
        .isEqualTo("weft1");
  }

  private static int metricsSize(ServerFixture fx, Mesh.Client client) throws Exception {
    return client.get(fx.port(), "/metrics").body().length();
  }

  /** Up to 64 MiB of a JSON array of strings, chunked or not, until the server hangs up. */
  private static Void flood(OutputStream out, boolean chunked) {
    byte[] block = ("\"" + "a".repeat(64 * 1024 - 3) + "\",").getBytes(StandardCharsets.US_ASCII);
    try {
      out.write(frame("{\"jsonrpc\": \"2.0\", \"pad\": [", chunked));
      byte[] framed = frame(new String(block, StandardCharsets.US_ASCII), chunked);
      for (long sent = 0; sent < 64L * MIB; sent += block.length) {
        out.write(framed);
      }
      out.flush();
    } catch (java.io.IOException e) {
      // the server refused the rest: expected
    }
    return null;
  }

  private static byte[] frame(String text, boolean chunked) {
    String framed = chunked ? Integer.toHexString(text.length()) + "\r\n" + text + "\r\n" : text;
    return framed.getBytes(StandardCharsets.US_ASCII);
  }
}
