package dev.weft.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.observability.Observability;
import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.observability.ObservabilityConfig.LogFormat;
import dev.weft.agent.observability.TraceMdc;
import dev.weft.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class JsonLoggingTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Logger log = LoggerFactory.getLogger("dev.weft.agent.test");

  @AfterEach
  void restoreLogback() throws Exception {
    MDC.clear();
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  private static ObservabilityConfig.Logging json(LogLevel level) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("cloud", "gcp");
    fields.put("region", "europe-west1");
    fields.put("agent", "spiffe://example.org/agent/a");
    return new ObservabilityConfig.Logging(level, LogFormat.JSON, fields);
  }

  private List<JsonNode> lines() throws Exception {
    var nodes = new ArrayList<JsonNode>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  @SuppressWarnings("try") // the MDC scope is only opened and closed
  void everyLineIsAJsonObjectWithTheDefaultFieldsAndTheTraceIds() throws Exception {
    JsonLogging.install(json(LogLevel.INFO), out);

    log.info("before the call");
    try (var mdc = TraceMdc.open(TRACEPARENT)) {
      log.warn("calling {}", "spiffe://other.org/agent/b");
    }
    log.info("after the call");

    List<JsonNode> lines = lines();
    assertThat(lines)
        .hasSize(3)
        .allSatisfy(
            line -> {
              assertThat(line.isObject()).isTrue();
              assertThat(line.get("cloud").asText()).isEqualTo("gcp");
              assertThat(line.get("region").asText()).isEqualTo("europe-west1");
              assertThat(line.get("agent").asText()).isEqualTo("spiffe://example.org/agent/a");
              assertThat(line.get("logger_name").asText()).isEqualTo("dev.weft.agent.test");
              assertThat(line.hasNonNull("@timestamp")).isTrue();
            });
    JsonNode during = lines.get(1);
    assertThat(during.get("message").asText()).isEqualTo("calling spiffe://other.org/agent/b");
    assertThat(during.get("level").asText()).isEqualTo("WARN");
    assertThat(during.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(during.get("span_id").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(lines.get(0).has("trace_id")).isFalse();
    assertThat(lines.get(2).has("trace_id")).isFalse();
    assertThat(lines.get(2).has("span_id")).isFalse();
  }

  @Test
  @SuppressWarnings("try") // the MDC scope is only opened and closed
  void traceIdsComeFromTheSpansOfAnObserver() throws Exception {
    JsonLogging.install(json(LogLevel.INFO), out);
    String traceparent;
    try (var observability = Observability.create(ObservabilityConfig.defaults());
        var span = observability.observer().serverCall("summarize", "example.org", TRACEPARENT);
        var mdc = TraceMdc.open(span.traceparent())) {
      traceparent = span.traceparent();
      log.info("serving");
    }

    JsonNode line = lines().getFirst();
    assertThat(line.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.get("span_id").asText())
        .isEqualTo(traceparent.substring(36, 52))
        .isNotEqualTo("00f067aa0ba902b7");
  }

  @Test
  void theLevelFiltersLines() throws Exception {
    JsonLogging.install(json(LogLevel.WARN), out);

    log.info("dropped");
    log.debug("dropped too");
    log.error("kept", new IllegalStateException("boom"));

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst().get("message").asText()).isEqualTo("kept");
    assertThat(lines.getFirst().get("stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: boom");
  }

  @Test
  @SuppressWarnings("try") // the MDC scope is only opened and closed
  void theTextFormatWritesPlainLinesWithTheTraceIdWhenSet() {
    JsonLogging.install(
        new ObservabilityConfig.Logging(LogLevel.DEBUG, LogFormat.TEXT, Map.of("cloud", "gcp")),
        out);

    log.debug("plain");
    try (var mdc = TraceMdc.open(TRACEPARENT)) {
      log.info("traced");
    }

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ DEBUG "
                + "\\[[^]]+] dev\\.weft\\.agent\\.test - plain");
    assertThat(lines[1])
        .matches(
            "\\S+ INFO  \\[[^]]+] dev\\.weft\\.agent\\.test "
                + "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 - traced");
  }
}
