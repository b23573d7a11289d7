package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.text.Quotes;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-02T10:15:30.123456789Z");
  static final DecisionPath PATH = DecisionPath.parse("agentweave/authz/federated");

  static AuthorizationRequest request() throws Exception {
    return AuthorizationRequest.builder(
            SpiffeId.parse("spiffe://aws.company.com/agent/orchestrator"),
            SpiffeId.parse("spiffe://gcp.company.com/agent/search"),
            "search")
        .requestField("password", StringValue.of("hunter2"))
        .requestField("tokens", Json.parse("[\"t0\", \"t1\"]"))
        .extra("a/b", StringValue.of("slash key"))
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
        .build();
  }

  static DecisionLog.Entry entry(Value result) throws Exception {
    Decision d =
        Decision.fromResult(PATH, result, "rev-7", Duration.ofNanos(1500), "id-1")
            .withMetrics(Map.of("timer_rego_query_eval_ns", 1000L));
    return DecisionLog.Entry.of(NOW, PATH, request(), d);
  }

  static List<JsonNode> lines(StringWriter out) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void eachDecisionIsOneJsonObjectOnItsOwnLine() throws Exception {
    StringWriter out = new StringWriter();
    try (DecisionLog log = DecisionLog.jsonLines(out, List.of())) {
      log.record(entry(Json.parse("{\"allow\": true}")));
      log.record(entry(null));
    }

    assertThat(out.toString()).endsWith("\n");
    List<JsonNode> lines = lines(out);
    assertThat(lines).hasSize(2);
    JsonNode first = lines.getFirst();
    assertThat(first.properties().stream().map(Map.Entry::getKey).toList())
        .containsExactly(
            "decision_id",
            "timestamp",
            "path",
            "input",
            "result",
            "allowed",
            "reason",
            "revision",
            "trace_id",
            "metrics");
    assertThat(first.get("decision_id").asText()).isEqualTo("id-1");
    assertThat(first.get("timestamp").asText()).isEqualTo("2026-11-02T10:15:30.123456789Z");
    assertThat(first.get("path").asText()).isEqualTo("agentweave/authz/federated");
    assertThat(first.get("input")).isEqualTo(JSON.readTree(Json.write(request().input())));
    assertThat(first.get("result")).isEqualTo(JSON.readTree("{\"allow\": true}"));
    assertThat(first.get("allowed").asBoolean()).isTrue();
    assertThat(first.get("reason").asText()).isEqualTo("allowed by agentweave/authz/federated");
    assertThat(first.get("revision").asText()).isEqualTo("rev-7");
    assertThat(first.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(first.get("metrics"))
        .isEqualTo(
            JSON.readTree(
                "{\"timer_rego_query_eval_ns\": 1000, \"timer_server_handler_ns\": 1500}"));
    assertThat(lines.get(1).has("result")).isFalse();
    assertThat(lines.get(1).get("allowed").asBoolean()).isFalse();
  }

  @Test
  void maskedValuesAreReplacedAndListed() throws Exception {
    StringWriter out = new StringWriter();
    List<String> mask =
        List.of(
            "/input/request/password",
            "/input/request/tokens/1",
            "/input/a~1b",
            "/input/request/missing",
            "/input/request/tokens/7",
            "/result/allow");
    try (DecisionLog log = DecisionLog.jsonLines(out, mask)) {
      log.record(entry(Json.parse("{\"allow\": true}")));
    }

    JsonNode line = lines(out).getFirst();
    assertThat(out.toString()).doesNotContain("hunter2").doesNotContain("t1");
    assertThat(line.at("/input/request/password").asText()).isEqualTo("**masked**");
    assertThat(line.at("/input/request/tokens").toString()).isEqualTo("[\"t0\",\"**masked**\"]");
    assertThat(line.at("/input/a~1b").asText()).isEqualTo("**masked**");
    assertThat(line.at("/result/allow").asText()).isEqualTo("**masked**");
    assertThat(line.at("/input/request/method").asText()).isEqualTo("search");
    assertThat(line.get("allowed").asBoolean()).isTrue();
    assertThat(line.get("masked").toString())
        .isEqualTo(
            "[\"/input/request/password\",\"/input/request/tokens/1\",\"/input/a~1b\","
                + "\"/result/allow\"]");
  }

  @Test
  void maskingTheWholeInputAndAnUndefinedResult() throws Exception {
    StringWriter out = new StringWriter();
    try (DecisionLog log = DecisionLog.jsonLines(out, List.of("/input", "/result"))) {
      log.record(entry(null));
    }

    JsonNode line = lines(out).getFirst();
    assertThat(line.get("input").asText()).isEqualTo("**masked**");
    assertThat(line.has("result")).isFalse();
    assertThat(line.get("masked").toString()).isEqualTo("[\"/input\"]");
  }

  @Test
  void pointersOutsideInputAndResultAreRejected() {
    for (String bad : List.of("/path", "input/password", "", "/", "/input/a~2", "/results")) {
      assertThatThrownBy(() -> DecisionLog.jsonLines(new StringWriter(), List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "mask: "
                  + Quotes.of(bad)
                  + " (expected: a JSON pointer starting with /input or /result)");
    }
  }

  @Test
  void concurrentDecisionsNeverShareALine() throws Exception {
    StringWriter out = new StringWriter();
    DecisionLog.Entry e = entry(Json.parse("true"));
    try (DecisionLog log = DecisionLog.jsonLines(out, List.of("/input/request/password"))) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; i < 200; i++) {
                        log.record(e);
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
    }

    List<JsonNode> lines = lines(out);
    assertThat(lines).hasSize(1600);
    assertThat(lines).allSatisfy(l -> assertThat(l.get("decision_id").asText()).isEqualTo("id-1"));
  }

  @Test
  void aFailingWriterNeverFailsADecision() throws Exception {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    DecisionLog log = DecisionLog.jsonLines(broken, List.of());

    log.record(entry(Json.parse("true")));
    log.record(entry(Json.parse("true")));
    log.close();
    log.record(entry(Json.parse("true")));
  }

  @Test
  void closingTheLogClosesTheWriterAndLaterEntriesAreDropped() throws Exception {
    StringWriter out = new StringWriter();
    DecisionLog log = DecisionLog.jsonLines(out, List.of());
    log.record(entry(Json.parse("true")));
    log.close();
    log.close();

    log.record(entry(Json.parse("true")));

    assertThat(lines(out)).hasSize(1);
  }

  @Test
  void aFileLogAppends(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("decisions.jsonl");
    for (int i = 0; i < 2; i++) {
      try (DecisionLog log = DecisionLog.jsonLines(file, List.of())) {
        log.record(entry(Json.parse("true")));
      }
    }

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(1)).get("decision_id").asText()).isEqualTo("id-1");
  }

  @Test
  void theNoopLogRecordsNothing() throws Exception {
    try (DecisionLog log = DecisionLog.noop()) {
      log.record(entry(Json.parse("true")));
    }
    assertThat(DecisionLog.noop()).isSameAs(DecisionLog.noop());
  }

  @Test
  void entriesCopyTheirMetrics() throws Exception {
    Map<String, Long> metrics = new java.util.HashMap<>(Map.of("b", 2L, "a", 1L));
    DecisionLog.Entry e =
        new DecisionLog.Entry(
            NOW, "id", "p", ObjectValue.EMPTY, null, false, "r", "", null, metrics);
    metrics.put("c", 3L);

    assertThat(e.metrics()).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
  }
}
