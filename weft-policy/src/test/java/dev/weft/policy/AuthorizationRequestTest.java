package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.StringValue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorizationRequestTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final SpiffeId ORCHESTRATOR =
      SpiffeId.parse("spiffe://aws.company.com/agent/orchestrator");
  static final SpiffeId SEARCH = SpiffeId.parse("spiffe://gcp.company.com/agent/search");

  static String json(AuthorizationRequest r) {
    return Json.write(r.input());
  }

  @Test
  void theSmallestInput() throws Exception {
    AuthorizationRequest r = AuthorizationRequest.builder(ORCHESTRATOR, SEARCH, "search").build();

    assertThat(JSON.readTree(json(r)))
        .isEqualTo(
            JSON.readTree(
                """
                {
                  "caller_spiffe_id": "spiffe://aws.company.com/agent/orchestrator",
                  "callee_spiffe_id": "spiffe://gcp.company.com/agent/search",
                  "action": "search",
                  "caller": {"spiffe_id": "spiffe://aws.company.com/agent/orchestrator",
                             "trust_domain": "aws.company.com", "path": "/agent/orchestrator"},
                  "agent": {"spiffe_id": "spiffe://gcp.company.com/agent/search",
                            "trust_domain": "gcp.company.com", "path": "/agent/search"},
                  "request": {"method": "search"}
                }
                """));
    assertThat(r.caller()).isEqualTo(ORCHESTRATOR);
    assertThat(r.callee()).isEqualTo(SEARCH);
    assertThat(r.action()).isEqualTo("search");
    assertThat(r.traceId()).isNull();
  }

  @Test
  void everyField() throws Exception {
    AuthorizationRequest r =
        AuthorizationRequest.builder(
                SpiffeId.parse("spiffe://example.org"),
                SpiffeId.parse("spiffe://example.org/region/gcp-us-central1/worker"),
                "process")
            .method("health_check")
            .requestField("params", Json.parse("{\"q\": \"weather\"}"))
            .requestField("size", NumberValue.of(3))
            .extra("tenant", StringValue.of("acme"))
            .time(Instant.parse("2026-11-02T10:15:30.123Z"))
            .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .build();

    assertThat(JSON.readTree(json(r)))
        .isEqualTo(
            JSON.readTree(
                """
                {
                  "caller_spiffe_id": "spiffe://example.org",
                  "callee_spiffe_id": "spiffe://example.org/region/gcp-us-central1/worker",
                  "action": "process",
                  "caller": {"spiffe_id": "spiffe://example.org",
                             "trust_domain": "example.org", "path": ""},
                  "agent": {"spiffe_id": "spiffe://example.org/region/gcp-us-central1/worker",
                            "trust_domain": "example.org", "path": "/region/gcp-us-central1/worker"},
                  "request": {"method": "health_check", "params": {"q": "weather"}, "size": 3},
                  "context": {"time": "2026-11-02T10:15:30.123Z",
                              "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"},
                  "tenant": "acme"
                }
                """));
    assertThat(r.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void aLaterFieldOfTheSameNameReplacesTheEarlier() {
    AuthorizationRequest r =
        AuthorizationRequest.builder(ORCHESTRATOR, SEARCH, "search")
            .extra("tenant", StringValue.of("a"))
            .extra("tenant", StringValue.of("b"))
            .build();

    assertThat(r.input().get("tenant")).isEqualTo(StringValue.of("b"));
  }

  @Test
  void equalInputsAreEqualRequests() {
    AuthorizationRequest a = AuthorizationRequest.builder(ORCHESTRATOR, SEARCH, "search").build();
    AuthorizationRequest b =
        AuthorizationRequest.builder(ORCHESTRATOR, SEARCH, "search").method("search").build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toString())
        .isEqualTo(
            "spiffe://aws.company.com/agent/orchestrator -> spiffe://gcp.company.com/agent/search:"
                + " search");
  }

  @Test
  void theToStringLeavesFreeFormFieldsOut() {
    AuthorizationRequest r =
        AuthorizationRequest.builder(ORCHESTRATOR, SEARCH, "search")
            .requestField("password", StringValue.of("hunter2"))
            .build();

    assertThat(r.toString()).doesNotContain("hunter2");
  }

  @Test
  void badArgumentsAreRejectedAndTheBuilderIsUnchanged() {
    AuthorizationRequest.Builder b =
        AuthorizationRequest.builder(ORCHESTRATOR, SEARCH, "search")
            .extra("tenant", StringValue.of("acme"));
    String before = json(b.build());

    assertThatThrownBy(() -> b.extra("caller", StringValue.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "extra field: \"caller\" (expected: a name other than action, agent, callee_spiffe_id,"
                + " caller, caller_spiffe_id, context, request)");
    assertThatThrownBy(() -> b.requestField("method", StringValue.of("x")))
        .hasMessage(
            "request field: \"method\" (expected: another name; set the method with method())");
    assertThatThrownBy(() -> b.method(" "))
        .hasMessage("method: \" \" (expected: a method name without control characters)");
    assertThatThrownBy(() -> b.traceId("4BF92F3577B34DA6A3CE929D0E0E4736"))
        .hasMessage(
            "traceId: \"4BF92F3577B34DA6A3CE929D0E0E4736\" (expected: 32 lowercase hex digits,"
                + " not all zero, as in W3C trace-context)");
    assertThatThrownBy(() -> b.traceId("0".repeat(32)))
        .hasMessageStartingWith("traceId: \"00000000000000000000000000000000\" (expected: ");

    assertThat(json(b.build())).isEqualTo(before);
  }

  @Test
  void aBadActionIsRejected() {
    assertThatThrownBy(() -> AuthorizationRequest.builder(ORCHESTRATOR, SEARCH, ""))
        .hasMessage("action: \"\" (expected: a capability name without control characters)");
    assertThatThrownBy(() -> AuthorizationRequest.builder(ORCHESTRATOR, SEARCH, "a\nb"))
        .hasMessage(
            "action: \"a\\u000ab\" (expected: a capability name without control characters)");
    assertThatThrownBy(() -> AuthorizationRequest.builder(null, SEARCH, "search"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("caller");
  }
}
