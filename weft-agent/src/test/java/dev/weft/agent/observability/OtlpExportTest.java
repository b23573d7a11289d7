package dev.weft.agent.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans reach an OTLP/HTTP collector (a real HTTP server on a loopback port here). */
class OtlpExportTest {

  private record Received(String method, String path, String contentType, byte[] body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws Exception {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestBody().readAllBytes()));
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
          exchange.close();
        });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  @Test
  void closingExportsTheBufferedSpansToTheTracesPath() {
    URI endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
    String traceId;
    try (var observability =
        Observability.create(
            new ObservabilityConfig(
                ObservabilityConfig.defaults().logging(),
                new ObservabilityConfig.Metrics(true, Map.of()),
                new ObservabilityConfig.Tracing(true, "agent-otlp", Optional.of(endpoint), 1.0)))) {
      var span = observability.observer().serverCall("summarize", "example.org", null);
      traceId = span.traceId();
      span.close();
    }

    assertThat(received).hasSize(1);
    Received request = received.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/traces");
    assertThat(request.contentType()).isEqualTo("application/x-protobuf");
    String body = new String(request.body(), StandardCharsets.ISO_8859_1);
    assertThat(body)
        .contains("agent-otlp")
        .contains("summarize")
        .contains("jsonrpc")
        .contains(new String(HexFormat.of().parseHex(traceId), StandardCharsets.ISO_8859_1));
  }
}
