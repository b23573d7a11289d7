package dev.weft.agent.server;

import static dev.weft.agent.server.Mesh.parse;
import static dev.weft.agent.server.Mesh.stable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Capability calls over real mTLS: results, JSON-RPC errors, bindings. */
class AgentServerCallTest {

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

  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void aCapabilityCallAnswersAnAgentMessage(HttpClient.Version version) throws Exception {
    try (Mesh.Client c = fx.mesh.client(fx.mesh.a, "/agent/orchestrator", version)) {
      HttpResponse<String> response =
          c.post(fx.port(), Mesh.send(7, "search", "{\"q\": \"weft\", \"limit\": 2}"), Map.of());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.version()).isEqualTo(version);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
      JsonNode body = parse(response.body());
      assertThat(body.at("/result/messageId").asText()).hasSize(36);
      assertThat(stable(body))
          .isEqualTo(
              parse(
                  """
                  {"jsonrpc": "2.0", "id": 7, "result": {"kind": "message", "role": "agent",
                   "parts": [{"kind": "data", "data": {"q": "weft", "hits": ["weft1", "weft2"],
                              "caller": "spiffe://a.org/agent/orchestrator"}}],
                   "metadata": {"weft.capability": "search"}}}
                  """));
    }
  }

  @Test
  void resultsThatAreNotObjectsAreWrappedAndVoidAnswersAnEmptyObject() throws Exception {
    assertThat(client.call(fx.port(), "count", "{\"a\": 1, \"b\": 2}").at("/result/parts/0/data"))
        .isEqualTo(parse("{\"value\": 2}"));
    assertThat(client.call(fx.port(), "nothing", "{}").at("/result/parts/0/data"))
        .isEqualTo(parse("{}"));
    assertThat(client.call(fx.port(), "echo", "{\"x\": [1]}").at("/result/parts/0/data"))
        .isEqualTo(parse("{\"x\": [1]}"));
  }

  @Test
  void aStreamingCapabilityCalledBySendAnswersAllItsPartials() throws Exception {
    assertThat(client.call(fx.port(), "ticks", "{}").at("/result/parts/0/data"))
        .isEqualTo(parse("{\"value\": [1, 2, 3]}"));
  }

  @Test
  void anUnknownCapabilityIsMethodNotFound() throws Exception {
    assertThat(client.call(fx.port(), "nope", "{}"))
        .isEqualTo(
            parse(
                """
                {"jsonrpc": "2.0", "id": 1, "error": {"code": -32601,
                 "message": "capability not found: nope", "data": {"weft.error": "NOT_FOUND"}}}
                """));
  }

  @Test
  void anUnknownMethodIsMethodNotFoundWithTheStringIdEchoed() throws Exception {
    String body = Mesh.request("abc", "tasks/resubscribe", "echo", "{}");
    assertThat(parse(client.post(fx.port(), body, Map.of()).body()))
        .isEqualTo(
            parse(
                """
                {"jsonrpc": "2.0", "id": "abc", "error": {"code": -32601,
                 "message": "method not found: tasks/resubscribe",
                 "data": {"weft.error": "NOT_FOUND"}}}
                """));
  }

  @Test
  void badJsonIsAParseErrorWithANullId() throws Exception {
    HttpResponse<String> response = client.post(fx.port(), "{\"jsonrpc\": \"2.0\", ", Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(parse(response.body()))
        .isEqualTo(
            parse(
                """
                {"jsonrpc": "2.0", "id": null, "error": {"code": -32700,
                 "message": "parse error: the body is not valid JSON",
                 "data": {"weft.error": "INVALID_ARGUMENT"}}}
                """));
    assertThat(fx.auditLines()).isEmpty();
  }

  @Test
  void aRequestWithoutJsonrpcIsAnInvalidRequest() throws Exception {
    HttpResponse<String> response =
        client.post(fx.port(), "{\"id\": 5, \"method\": \"message/send\"}", Map.of());
    assertThat(parse(response.body()))
        .isEqualTo(
            parse(
                """
                {"jsonrpc": "2.0", "id": 5, "error": {"code": -32600,
                 "message": "invalid request: jsonrpc must be \\"2.0\\"",
                 "data": {"weft.error": "INVALID_ARGUMENT"}}}
                """));
  }

  @Test
  void aBatchIsAnInvalidRequest() throws Exception {
    assertThat(parse(client.post(fx.port(), "[]", Map.of()).body()).at("/error"))
        .isEqualTo(
            parse(
                """
                {"code": -32600, "message": "invalid request: batches are not supported",
                 "data": {"weft.error": "INVALID_ARGUMENT"}}
                """));
  }

  @Test
  void paramsThatDoNotBindAreInvalidParams() throws Exception {
    JsonNode answer = client.call(fx.port(), "search", "{\"q\": \"x\", \"limit\": \"many\"}");
    assertThat(answer.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(answer.at("/error/message").asText())
        .isEqualTo(
            "invalid params for capability search: Cannot deserialize value of type `int` from"
                + " String \"many\": not a valid `int` value");
    assertThat(answer.at("/error/data")).isEqualTo(parse("{\"weft.error\": \"INVALID_ARGUMENT\"}"));
  }

  @Test
  void aMessageWithoutTheMessageParamIsInvalidParams() throws Exception {
    String body = "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"message/send\", \"params\": {}}";
    assertThat(parse(client.post(fx.port(), body, Map.of()).body()).at("/error"))
        .isEqualTo(
            parse(
                """
                {"code": -32602,
                 "message": "invalid params: params.message (expected: an A2A Message with parts)",
                 "data": {"weft.error": "INVALID_ARGUMENT"}}
                """));
  }

  @Test
  void aNotificationGetsNoBody() throws Exception {
    String body =
        """
        {"jsonrpc": "2.0", "method": "message/send", "params": {"message": {"kind": "message",
         "role": "user", "messageId": "m", "parts": [{"kind": "data", "data": {}}],
         "metadata": {"weft.capability": "nothing"}}}}
        """;
    HttpResponse<String> response = client.post(fx.port(), body, Map.of());
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void aTextMessageWithoutCapabilityGoesToTheDefaultCapability() throws Exception {
    // The default is the first registered capability; TestAgent's come sorted by name: "admin".
    try (ServerFixture echoFirst = new ServerFixture(b -> b.defaultCapability("echo"));
        Mesh.Client c = echoFirst.client("/agent/orchestrator")) {
      String body =
          """
          {"jsonrpc": "2.0", "id": 3, "method": "message/send", "params": {"message": {
           "kind": "message", "role": "user", "messageId": "m",
           "parts": [{"kind": "text", "text": "hello "}, {"kind": "text", "text": "world"}]}}}
          """;
      JsonNode answer = parse(c.post(echoFirst.port(), body, Map.of()).body());
      assertThat(stable(answer.get("result")))
          .isEqualTo(
              parse(
                  """
                  {"kind": "message", "role": "agent",
                   "parts": [{"kind": "data", "data": {"text": "hello world"}}],
                   "metadata": {"weft.capability": "echo"}}
                  """));
    }
  }

  @Test
  void aThrowingCapabilityAnswersInternalWithoutItsMessage() throws Exception {
    JsonNode answer = client.call(fx.port(), "boom", "{}");
    assertThat(answer.get("error"))
        .isEqualTo(
            parse(
                """
                {"code": -32603, "message": "capability boom failed",
                 "data": {"weft.error": "INTERNAL"}}
                """));
    assertThat(answer.toString()).doesNotContain("hunter2");
  }

  @Test
  void anAgentExceptionAnswersItsCodeAndMessage() throws Exception {
    assertThat(client.call(fx.port(), "refuse", "{}").get("error"))
        .isEqualTo(
            parse(
                """
                {"code": -32011, "message": "not on Sundays",
                 "data": {"weft.error": "PERMISSION_DENIED"}}
                """));
  }

  @Test
  void aCapabilityPastItsDeadlineAnswersDeadlineExceededAndIsInterrupted() throws Exception {
    HttpResponse<String> response =
        client.post(fx.port(), Mesh.send(9, "slow", "{}"), Map.of("x-weft-deadline-ms", "300"));
    assertThat(parse(response.body()).get("error"))
        .isEqualTo(
            parse(
                """
                {"code": -32012, "message": "capability slow exceeded its deadline of 300 ms",
                 "data": {"weft.error": "DEADLINE_EXCEEDED"}}
                """));
    assertThat(fx.agent.interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aMalformedDeadlineIsAnInvalidRequest() throws Exception {
    HttpResponse<String> response =
        client.post(fx.port(), Mesh.send(9, "echo", "{}"), Map.of("x-weft-deadline-ms", "soon"));
    assertThat(parse(response.body()).get("error"))
        .isEqualTo(
            parse(
                """
                {"code": -32600,
                 "message": "x-weft-deadline-ms: \\"soon\\" (expected: milliseconds left, an integer)",
                 "data": {"weft.error": "INVALID_ARGUMENT"}}
                """));
  }
}
