package dev.weft.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.observability.CallObserver;
import dev.weft.agent.observability.Observability;
import dev.weft.agent.observability.ObservabilityConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which scripts/test.sh installs)
 * scrapes an agent's loopback {@link MetricsEndpoint}, and its query API answers the agent's
 * request counter with the agent's labels and the scrape target's.
 */
@Tag("interop")
class PrometheusScrapeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void prometheusScrapesTheAgentsMetricsEndpoint() throws Exception {
    Path prometheus = prometheus();
    assumeTrue(
        prometheus != null,
        "prometheus is not installed (Debian package prometheus; scripts/test.sh installs it): "
            + "the scrape by a real Prometheus is not checked");
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("cloud", "aws");
    labels.put("region", "us-east-1");
    Path dir = Files.createTempDirectory("weft-prom");
    try (Observability observability =
            Observability.create(
                new ObservabilityConfig(
                    ObservabilityConfig.defaults().logging(),
                    new ObservabilityConfig.Metrics(true, labels),
                    new ObservabilityConfig.Tracing(false, "agent-a", Optional.empty(), 1.0)));
        MetricsEndpoint endpoint = MetricsEndpoint.start(0, observability);
        HttpClient http = HttpClient.newHttpClient()) {
      CallObserver observer = observability.observer();
      for (int i = 0; i < 3; i++) {
        observer.serverCall("summarize", "example.org", null).close();
      }
      try (CallObserver.Span failed = observer.serverCall("summarize", "other.org", null)) {
        failed.error(ErrorCode.PERMISSION_DENIED);
      }

      String target = "127.0.0.1:" + endpoint.port();
      int webPort = freePort();
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          scrape_configs:
            - job_name: weft-agent
              scrape_interval: 1s
              scrape_timeout: 1s
              static_configs:
                - targets: ["%s"]
          """
              .formatted(target));
      Process process =
          new ProcessBuilder(
                  prometheus.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + webPort)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      try {
        URI query =
            URI.create(
                "http://127.0.0.1:" + webPort + "/api/v1/query?query=weft_agent_requests_total");
        List<JsonNode> samples = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptionsInstanceOf(IOException.class)
            .failFast("prometheus exited", () -> !process.isAlive())
            .until(
                () -> {
                  JsonNode body =
                      JSON.readTree(
                          http.send(
                                  HttpRequest.newBuilder(query)
                                      .timeout(Duration.ofSeconds(5))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body());
                  samples.clear();
                  body.path("data").path("result").forEach(samples::add);
                  return "success".equals(body.path("status").asText()) && samples.size() == 2;
                });

        Map<String, String> ok = labelsOf(samples, "example.org");
        assertThat(ok)
            .containsExactlyInAnyOrderEntriesOf(
                Map.of(
                    "__name__", "weft_agent_requests_total",
                    "job", "weft-agent",
                    "instance", target,
                    "capability", "summarize",
                    "peer_trust_domain", "example.org",
                    "outcome", "ok",
                    "cloud", "aws",
                    "region", "us-east-1"));
        assertThat(valueOf(samples, "example.org")).isEqualTo("3");
        assertThat(labelsOf(samples, "other.org")).containsEntry("outcome", "error");
        assertThat(valueOf(samples, "other.org")).isEqualTo("1");
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("prometheus log:\n" + log(dir), e);
      } finally {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private static Map<String, String> labelsOf(List<JsonNode> samples, String peerDomain) {
    Map<String, String> labels = new LinkedHashMap<>();
    sample(samples, peerDomain)
        .path("metric")
        .properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  /** The sample's value: {@code [<unix time>, "<value>"]}. */
  private static String valueOf(List<JsonNode> samples, String peerDomain) {
    return sample(samples, peerDomain).path("value").path(1).asText();
  }

  private static JsonNode sample(List<JsonNode> samples, String peerDomain) {
    return samples.stream()
        .filter(s -> peerDomain.equals(s.path("metric").path("peer_trust_domain").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample for " + peerDomain + " in " + samples));
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Path prometheus() {
    String path = System.getenv("PATH");
    Stream<String> dirs =
        Stream.concat(
            path == null ? Stream.empty() : Stream.of(path.split(":")), Stream.of("/usr/bin"));
    return dirs.filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "prometheus"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
