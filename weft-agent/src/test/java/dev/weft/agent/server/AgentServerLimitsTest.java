package dev.weft.agent.server;

import static dev.weft.agent.server.Mesh.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.observability.Observability;
import dev.weft.agent.observability.ObservabilityConfig;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request size, JSON, deadline and concurrency limits of the agent server, over real mTLS. */
class AgentServerLimitsTest {

  private static final int MIB = 1 << 20;

  private Observability observability;
  private ServerFixture fx;
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void start() throws Exception {
    observability =
        Observability.create(
            new ObservabilityConfig(
                ObservabilityConfig.defaults().logging(),
                new ObservabilityConfig.Metrics(true, Map.of()),
                new ObservabilityConfig.Tracing(false, "search-agent", Optional.empty(), 1.0)));
    fx =
        new ServerFixture(
            b ->
                b.observer(observability.observer())
                    .metrics(observability::scrape)
                    .limits(ServerLimits.defaults().withMaxConcurrentCalls(1)));
  }

  @AfterEach
  void stop() throws Exception {
    writers.shutdownNow();
    fx.close();
    observability.close();
  }

  @Test
  void unknownCapabilityNamesShareOneLabel() throws Exception {
    try (Mesh.Client client = fx.client("/agent/orchestrator")) {
      client.call(fx.port(), "search", "{\"q\": \"weft\", \"limit\": 1}");
      client.call(fx.port(), "made-up-0", "{}");
      int before = observability.scrape().length();

      for (int i = 1; i <= 3000; i++) {
        JsonNode answer = client.call(fx.port(), "made-up-" + i, "{}");
        assertThat(answer.at("/error/data/weft.error").asText()).isEqualTo("NOT_FOUND");
      }

      String after = observability.scrape();
      // 3,000 series would be hundreds of KiB; the slack is for series that appear on their own
      // meanwhile (a garbage collection's cause, for one) and counts that gain digits.
      assertThat(after.length() - before).isLessThan(8 * 1024);
      assertThat(after)
          .doesNotContain("made-up")
          .contains(
              "weft_agent_requests_total{capability=\"unknown\",outcome=\"error\","
                  + "peer_trust_domain=\"a.org\"} 3001.0");
    }
  }

  @Test
  void aBodyOverTheLimitWithContentLengthIsRefusedBeforeItIsRead() throws Exception {
    RawTls raw = new RawTls(fx.mesh, fx.port());
    try (SSLSocket socket = raw.open()) {
      RawTls.write(
          socket,
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + (64 * MIB)
              + "\r\n\r\n");
      Future<Long> sent = writers.submit(() -> send(socket.getOutputStream(), 64 * MIB, false));

      assertThat(RawTls.head(socket)).startsWith("HTTP/1.1 413 ");
      assertThat(RawTls.closedByServer(socket)).isTrue();
      assertThat(sent.get()).isLessThan(64L * MIB);
    }
    assertStillServes();
    assertThat(observability.scrape())
        .contains("weft_agent_requests_refused_total{reason=\"body_too_large\"} 1.0");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedOnceItPassesTheLimit() throws Exception {
    RawTls raw = new RawTls(fx.mesh, fx.port());
    try (SSLSocket socket = raw.open()) {
      RawTls.write(
          socket,
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n");
      Future<Long> sent = writers.submit(() -> send(socket.getOutputStream(), 64 * MIB, true));

      assertThat(RawTls.head(socket)).startsWith("HTTP/1.1 413 ");
      assertThat(RawTls.closedByServer(socket)).isTrue();
      assertThat(sent.get()).isLessThan(64L * MIB);
    }
    assertStillServes();
  }

  @Test
  void headersOverTheLimitAreAnswered431() throws Exception {
    RawTls raw = new RawTls(fx.mesh, fx.port());
    try (SSLSocket socket = raw.open()) {
      RawTls.write(
          socket,
          "GET /healthz HTTP/1.1\r\nHost: x\r\nx-padding: " + "a".repeat(20 * 1024) + "\r\n\r\n");

      assertThat(RawTls.head(socket)).startsWith("HTTP/1.1 431 ");
    }
    assertStillServes();
  }

  @Test
  void jsonNestedDeeperThanTheLimitIsAParseError() throws Exception {
    String deep = "[".repeat(65) + "]".repeat(65);
    try (Mesh.Client client = fx.client("/agent/orchestrator")) {
      JsonNode answer =
          parse(
              client
                  .post(fx.port(), Mesh.send(1, "echo", "{\"deep\": " + deep + "}"), Map.of())
                  .body());

      assertThat(answer.at("/error/code").asInt()).isEqualTo(-32700);
      assertThat(answer.at("/error/message").asText())
          .isEqualTo(
              "parse error: the body nests"
                  + " deeper than 64 levels (server.limits.max_json_depth)");
      assertThat(fx.agent.echoed).isZero();
    }
  }

  @Test
  void aJsonStringLongerThanTheLimitIsAParseError() throws Exception {
    try (Mesh.Client client = fx.client("/agent/orchestrator")) {
      JsonNode answer =
          parse(
              client
                  .post(
                      fx.port(),
                      Mesh.send(1, "echo", "{\"long\": \"" + "x".repeat(MIB + 1) + "\"}"),
                      Map.of())
                  .body());

      assertThat(answer.at("/error/message").asText())
          .isEqualTo(
              "parse error: the body holds a"
                  + " string longer than 1048576 characters (server.limits.max_json_string)");
    }
  }

  @Test
  void aCallWhoseDeadlineHasPassedIsRefusedBeforeThePolicyOrTheCapability() throws Exception {
    try (Mesh.Client client = fx.client("/agent/orchestrator")) {
      JsonNode answer =
          parse(
              client
                  .post(fx.port(), Mesh.send(1, "echo", "{}"), Map.of("x-weft-deadline-ms", "0"))
                  .body());

      assertThat(answer.at("/error/data/weft.error").asText()).isEqualTo("DEADLINE_EXCEEDED");
      assertThat(answer.at("/error/message").asText())
          .isEqualTo(
              "the call's deadline had passed"
                  + " when it arrived (x-weft-deadline-ms: 0); nothing was run");
      assertThat(fx.agent.echoed).isZero();
      assertThat(fx.auditLines()).isEmpty();
    }
  }

  @Test
  void callsPastTheConcurrencyLimitAreRefusedWithResourceExhausted() throws Exception {
    try (Mesh.Client client = fx.client("/agent/orchestrator")) {
      Future<JsonNode> slow = writers.submit(() -> client.call(fx.port(), "slow", "{}"));
      fx.agent.started.await();

      JsonNode refused = client.call(fx.port(), "echo", "{}");

      assertThat(refused.at("/error/data/weft.error").asText()).isEqualTo("RESOURCE_EXHAUSTED");
      assertThat(refused.at("/error/message").asText())
          .isEqualTo(
              "1 calls are running, the most"
                  + " this agent runs at once (server.limits.max_concurrent_calls); try again later");
      assertThat(observability.scrape())
          .contains("weft_agent_requests_refused_total{reason=\"concurrency_limit\"} 1.0");
      fx.agent.release.countDown();
      slow.get();
      assertThat(client.call(fx.port(), "echo", "{\"a\": 1}").at("/result/parts/0/data/a").asInt())
          .isEqualTo(1);
    }
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

  /**
   * Writes {@code total} bytes of a JSON-RPC request that stays valid JSON as far as it goes (an
   * ever longer array of strings); returns how many bytes went out before the server hung up.
   */
  private static long send(OutputStream out, long total, boolean chunked) {
    byte[] start =
        "{\"jsonrpc\": \"2.0\", \"method\": \"message/send\", \"pad\": [\"\""
            .getBytes(StandardCharsets.US_ASCII);
    byte[] block = (",\"" + "a".repeat(64 * 1024 - 3) + "\"").getBytes(StandardCharsets.US_ASCII);
    byte[] chunkHead =
        (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    long sent = 0;
    try {
      if (chunked) {
        out.write((Integer.toHexString(start.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      out.write(start);
      if (chunked) {
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      sent += start.length;
      while (sent + block.length <= total) {
        if (chunked) {
          out.write(chunkHead);
        }
        out.write(block);
        if (chunked) {
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        sent += block.length;
      }
      out.flush();
    } catch (java.io.IOException e) {
      return sent;
    }
    return sent;
  }
}
