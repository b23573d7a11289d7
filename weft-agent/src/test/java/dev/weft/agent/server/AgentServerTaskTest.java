package dev.weft.agent.server;

import static dev.weft.agent.server.Mesh.parse;
import static dev.weft.agent.server.Mesh.stable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** message/stream events, tasks/get and tasks/cancel, the agent card and health routes. */
class AgentServerTaskTest {

  private ServerFixture fx;
  private Mesh.Client client;

  @BeforeEach
  void start() throws Exception {
    fx = new ServerFixture();
    client = fx.client("/agent/orchestrator");
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    fx.close();
  }

  private HttpResponse<Stream<String>> stream(String capability) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + fx.port() + "/"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Mesh.request(4, "message/stream", capability, "{\"q\": \"a\", \"limit\": 1}")))
            .build();
    return client.http().send(request, HttpResponse.BodyHandlers.ofLines());
  }

  private static JsonNode nextEvent(Iterator<String> lines) {
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data: ")) {
        JsonNode event = parse(line.substring("data: ".length()));
        assertThat(event.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(event.get("id").asInt()).isEqualTo(4);
        return event.get("result");
      }
    }
    throw new AssertionError("the event stream ended");
  }

  @Test
  void messageStreamSendsWorkingThenTheResultThenCompleted() throws Exception {
    HttpResponse<Stream<String>> response = stream("search");
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    Iterator<String> lines = response.body().iterator();

    JsonNode working = nextEvent(lines);
    String taskId = working.get("taskId").asText();
    String contextId = working.get("contextId").asText();
    assertThat(stable(working))
        .isEqualTo(
            parse(
                """
                {"kind": "status-update", "taskId": "%s", "contextId": "%s",
                 "status": {"state": "working"}, "final": false,
                 "metadata": {"weft.capability": "search"}}
                """
                    .formatted(taskId, contextId)));
    JsonNode artifact = nextEvent(lines);
    String artifactId = artifact.at("/artifact/artifactId").asText();
    assertThat(artifact)
        .isEqualTo(
            parse(
                """
                {"kind": "artifact-update", "taskId": "%s", "contextId": "%s",
                 "artifact": {"artifactId": "%s", "parts": [{"kind": "data", "data":
                   {"q": "a", "hits": ["a1"], "caller": "spiffe://a.org/agent/orchestrator"}}]},
                 "append": false, "lastChunk": true}
                """
                    .formatted(taskId, contextId, artifactId)));
    JsonNode completed = nextEvent(lines);
    assertThat(completed.get("final").asBoolean()).isTrue();
    assertThat(completed.at("/status/state").asText()).isEqualTo("completed");
    assertThat(stable(completed.at("/status/message")))
        .isEqualTo(
            parse(
                """
                {"kind": "message", "role": "agent", "parts": [{"kind": "data", "data":
                   {"q": "a", "hits": ["a1"], "caller": "spiffe://a.org/agent/orchestrator"}}],
                 "metadata": {"weft.capability": "search"}}
                """));
    List<String> rest = new java.util.ArrayList<>();
    lines.forEachRemaining(rest::add);
    assertThat(rest).containsOnly("");

    JsonNode task =
        parse(client.post(fx.port(), taskRequest("tasks/get", taskId), Map.of()).body());
    assertThat(task.at("/result/status/state").asText()).isEqualTo("completed");
    assertThat(task.at("/result/artifacts/0/artifactId").asText()).isEqualTo(artifactId);
  }

  @Test
  void aStreamingCapabilitySendsOneArtifactUpdatePerPartial() throws Exception {
    Iterator<String> lines = stream("ticks").body().iterator();
    assertThat(nextEvent(lines).at("/status/state").asText()).isEqualTo("working");
    for (int i = 1; i <= 3; i++) {
      JsonNode update = nextEvent(lines);
      assertThat(update.get("kind").asText()).isEqualTo("artifact-update");
      assertThat(update.at("/artifact/parts/0/data")).isEqualTo(parse("{\"value\": " + i + "}"));
      assertThat(update.get("append").asBoolean()).isEqualTo(i > 1);
    }
    JsonNode last = nextEvent(lines);
    assertThat(last.at("/status/state").asText()).isEqualTo("completed");
    assertThat(last.get("final").asBoolean()).isTrue();
  }

  @Test
  void aRunningTaskCanBeReadAndCancelledWhichInterruptsIt() throws Exception {
    Iterator<String> lines = stream("slow").body().iterator();
    String taskId = nextEvent(lines).get("taskId").asText();
    assertThat(fx.agent.started.await(10, TimeUnit.SECONDS)).isTrue();

    JsonNode got = parse(client.post(fx.port(), taskRequest("tasks/get", taskId), Map.of()).body());
    assertThat(got.at("/result/kind").asText()).isEqualTo("task");
    assertThat(got.at("/result/id").asText()).isEqualTo(taskId);
    assertThat(got.at("/result/status/state").asText()).isEqualTo("working");
    assertThat(got.at("/result/metadata")).isEqualTo(parse("{\"weft.capability\": \"slow\"}"));

    JsonNode cancelled =
        parse(client.post(fx.port(), taskRequest("tasks/cancel", taskId), Map.of()).body());
    assertThat(cancelled.at("/result/status/state").asText()).isEqualTo("canceled");
    assertThat(fx.agent.interrupted.await(10, TimeUnit.SECONDS)).isTrue();

    JsonNode last = nextEvent(lines);
    assertThat(last.at("/status/state").asText()).isEqualTo("canceled");
    assertThat(last.get("final").asBoolean()).isTrue();

    JsonNode again =
        parse(client.post(fx.port(), taskRequest("tasks/cancel", taskId), Map.of()).body());
    assertThat(again.get("error"))
        .isEqualTo(
            parse(
                """
                {"code": -32002, "message": "task %s cannot be canceled: it is canceled",
                 "data": {"weft.error": "INVALID_ARGUMENT"}}
                """
                    .formatted(taskId)));
  }

  @Test
  void aTaskIsInvisibleToOtherCallersAndUnknownTasksAreTaskNotFound() throws Exception {
    Iterator<String> lines = stream("search").body().iterator();
    String taskId = nextEvent(lines).get("taskId").asText();
    try (Mesh.Client other = fx.client("/agent/other")) {
      for (String method : List.of("tasks/get", "tasks/cancel")) {
        assertThat(parse(other.post(fx.port(), taskRequest(method, taskId), Map.of()).body()))
            .isEqualTo(
                parse(
                    """
                    {"jsonrpc": "2.0", "id": 8, "error": {"code": -32001,
                     "message": "task not found: %s", "data": {"weft.error": "NOT_FOUND"}}}
                    """
                        .formatted(taskId)));
      }
    }
    assertThat(
            parse(client.post(fx.port(), taskRequest("tasks/get", "no-such-task"), Map.of()).body())
                .at("/error/message")
                .asText())
        .isEqualTo("task not found: no-such-task");
  }

  @Test
  void aFailingStreamEndsWithAFailedStatus() throws Exception {
    Iterator<String> lines = stream("boom").body().iterator();
    nextEvent(lines);
    JsonNode failed = nextEvent(lines);
    assertThat(failed.at("/status/state").asText()).isEqualTo("failed");
    assertThat(failed.get("final").asBoolean()).isTrue();
    assertThat(stable(failed.at("/status/message")))
        .isEqualTo(
            parse(
                """
                {"kind": "message", "role": "agent",
                 "parts": [{"kind": "text", "text": "capability boom failed"}],
                 "metadata": {"weft.capability": "boom", "weft.error": "INTERNAL"}}
                """));
  }

  @Test
  void theAgentCardIsServedAtBothWellKnownPaths() throws Exception {
    String expected =
        """
        {"name": "search-agent", "description": "Searches things",
         "url": "https://127.0.0.1:%d/", "version": "1.2.3", "protocolVersion": "0.3.0",
         "preferredTransport": "JSONRPC",
         "capabilities": {"streaming": true, "pushNotifications": false,
           "stateTransitionHistory": false,
           "extensions": [{"uri": "https://weft.dev/a2a/extensions/idempotent/v1",
             "description": "skills that callers may retry: calling twice equals once",
             "required": false, "params": {"skills": ["search"]}}]},
         "defaultInputModes": ["application/json", "text/plain"],
         "defaultOutputModes": ["application/json", "text/plain"],
         "skills": [%s],
         "securitySchemes": {"mtls": {"type": "mutualTLS", "description": "SPIFFE X.509-SVID"}},
         "security": [{"mtls": []}]}
        """
            .formatted(fx.port(), skills());
    for (String path : List.of("/.well-known/agent-card.json", "/.well-known/agent.json")) {
      HttpResponse<String> response = client.get(fx.port(), path);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(parse(response.body())).isEqualTo(parse(expected));
    }
  }

  private static String skills() {
    StringBuilder s = new StringBuilder();
    String[][] all = {
      {"admin", "Only for orchestrators"},
      {"boom", ""},
      {"count", ""},
      {"echo", "Echoes its params"},
      {"nothing", ""},
      {"refuse", ""},
      {"search", "Full-text search"},
      {"secret", "Denied by the policy"},
      {"slow", "Blocks until interrupted"},
      {"ticks", "Streams three partial results"},
    };
    for (String[] skill : all) {
      boolean idempotent = skill[0].equals("search");
      s.append(s.isEmpty() ? "" : ",")
          .append(
              """
              {"id": "%s", "name": "%s", "description": "%s", "tags": ["weft"%s],
               "metadata": {"weft.idempotent": %s}}"""
                  .formatted(
                      skill[0],
                      skill[0],
                      skill[1],
                      idempotent ? ", \"idempotent\"" : "",
                      idempotent));
    }
    return s.toString();
  }

  @Test
  void healthAndReadinessAnswer() throws Exception {
    assertThat(parse(client.get(fx.port(), "/healthz").body()))
        .isEqualTo(parse("{\"status\": \"UP\"}"));
    HttpResponse<String> ready = client.get(fx.port(), "/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(parse(ready.body())).isEqualTo(parse("{\"status\": \"READY\"}"));
  }

  @Test
  void withoutAnAuthorizerTheServerIsNotReadyAndDeniesEveryCall() throws Exception {
    try (AgentServer bare =
        AgentServer.builder()
            .identity(fx.mesh.server)
            .host("127.0.0.1")
            .port(0)
            .capability("hi", "says hi", true, (params, ctx) -> "hi")
            .build()
            .start()) {
      HttpResponse<String> ready = client.get(bare.port(), "/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(parse(ready.body()))
          .isEqualTo(
              parse("{\"status\": \"NOT_READY\", \"reason\": \"no authorizer is configured\"}"));
      assertThat(client.call(bare.port(), "hi", "{}").at("/error/message").asText())
          .isEqualTo("denied: no authorizer is configured");
    }
  }

  private static String taskRequest(String method, String id) {
    return "{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"%s\", \"params\": {\"id\": \"%s\"}}"
        .formatted(method, id);
  }
}
