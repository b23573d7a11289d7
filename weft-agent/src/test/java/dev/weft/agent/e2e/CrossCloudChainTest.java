package dev.weft.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.client.AgentRegistry;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.demo.OrchestratorAgent;
import dev.weft.agent.demo.ProcessorAgent;
import dev.weft.agent.demo.SearchAgent;
import dev.weft.agent.observability.Observability;
import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.policy.Authorizer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's cross-cloud chain over real mTLS with seed 000 enforced on both sides of every hop: a
 * user of the AWS domain asks the orchestrator for {@code cross_cloud_test}, which calls the GCP
 * search agent, which calls the Azure processor, which delivers to the orchestrator's {@code
 * process}.
 */
class CrossCloudChainTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Federation federation = new Federation();
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  private Observability observability(String service) {
    return closing(
        Observability.builder(
                new ObservabilityConfig(
                    ObservabilityConfig.defaults().logging(),
                    new ObservabilityConfig.Metrics(false, Map.of()),
                    new ObservabilityConfig.Tracing(true, service, Optional.empty(), 1.0)))
            .spanExporter(exporter)
            .build());
  }

  @Test
  void theChainCrossesThreeCloudsInOneTrace() throws Exception {
    Node orchestrator =
        closing(
            Node.start(
                federation.source(Federation.ORCHESTRATOR),
                observability("aws-orchestrator").observer(),
                b -> b.agent(new OrchestratorAgent())));
    Node search =
        closing(
            Node.start(
                federation.source(Federation.SEARCH),
                observability("gcp-search").observer(),
                b -> b.agent(new SearchAgent())));
    Node processor =
        closing(
            Node.start(
                federation.source(Federation.PROCESSOR),
                observability("azure-processor").observer(),
                b -> b.agent(new ProcessorAgent())));
    AgentRegistry registry =
        AgentRegistry.of(
            List.of(
                search.entry("gcp_search"),
                processor.entry("azure_processor"),
                orchestrator.entry("aws_orchestrator")));
    for (Node node : List.of(orchestrator, search, processor)) {
      node.connect(registry);
    }
    Authorizer userPolicy = closing(SeedPolicy.authorizer());
    MeshClient user =
        closing(
            Agents.client(
                ClientConfig.builder(federation.source(Federation.USER), userPolicy)
                    .observer(observability("user").observer())
                    .build()));

    JsonNode answer =
        user.call(
            orchestrator.id,
            orchestrator.address(),
            "cross_cloud_test",
            JSON.createObjectNode().put("message", "hello"),
            Duration.ofSeconds(20));

    String traceId = answer.get("trace_id").asText();
    assertThat(traceId).hasSize(32);
    assertThat(withoutVaryingFields(answer))
        .isEqualTo(
            JSON.readTree(
                """
                {"cloud": "aws", "capability": "cross_cloud_test",
                 "caller": "spiffe://aws.company.com/weft/user/test",
                 "next": {"cloud": "gcp", "capability": "search",
                  "caller": "spiffe://aws.company.com/agent/orchestrator",
                  "next": {"cloud": "azure", "capability": "search",
                   "caller": "spiffe://gcp.company.com/agent/search",
                   "next": {"cloud": "aws", "capability": "process",
                    "caller": "spiffe://azure.company.com/agent/processor",
                    "next": {"message": "hello", "path": ["aws", "gcp", "azure"]}}}}}
                """));
    List<String> hopTraceIds = new ArrayList<>();
    for (JsonNode hop = answer; hop.has("trace_id"); hop = hop.get("next")) {
      hopTraceIds.add(hop.get("trace_id").asText());
    }
    assertThat(hopTraceIds).hasSize(4).containsOnly(traceId);

    // 1 user client span + 4 server spans + 3 client spans between them; server spans end after
    // their answer is written, so wait for the last of them.
    await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().size() >= 8);
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(8).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
    assertThat(chain(spans))
        .containsExactly(
            "CLIENT cross_cloud_test @user",
            "SERVER cross_cloud_test @aws-orchestrator",
            "CLIENT search @aws-orchestrator",
            "SERVER search @gcp-search",
            "CLIENT search @gcp-search",
            "SERVER search @azure-processor",
            "CLIENT process @azure-processor",
            "SERVER process @aws-orchestrator");

    // Seed 001's call_remote: the orchestrator calls the named agent on the user's behalf, and
    // the policy decides on the orchestrator's call (search is allowed for it, ping is not).
    JsonNode remote =
        user.call(
            orchestrator.id,
            orchestrator.address(),
            "call_remote",
            JSON.createObjectNode()
                .put("target_agent", processor.id.toString())
                .put("target_address", processor.address().toString())
                .put("capability", "process"),
            Duration.ofSeconds(20));
    assertThat(remote.path("next").path("cloud").asText()).isEqualTo("azure");
    assertThat(remote.path("next").path("caller").asText())
        .isEqualTo("spiffe://aws.company.com/agent/orchestrator");
    assertThatThrownBy(
            () ->
                user.call(
                    orchestrator.id,
                    orchestrator.address(),
                    "call_remote",
                    JSON.createObjectNode()
                        .put("target_agent", search.id.toString())
                        .put("target_address", search.address().toString())
                        .put("capability", "ping"),
                    Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            dev.weft.agent.AgentException.class,
            e -> assertThat(e.code()).isEqualTo(dev.weft.agent.ErrorCode.PERMISSION_DENIED));
  }

  /** The spans from the root down, each the only child of the one before. */
  private static List<String> chain(List<SpanData> spans) {
    List<SpanData> roots = spans.stream().filter(s -> !s.getParentSpanContext().isValid()).toList();
    assertThat(roots).hasSize(1);
    List<String> out = new ArrayList<>();
    SpanData current = roots.getFirst();
    while (current != null) {
      String service = current.getResource().getAttribute(AttributeKey.stringKey("service.name"));
      out.add(current.getKind() + " " + current.getName() + " @" + service);
      String parent = current.getSpanId();
      List<SpanData> children =
          spans.stream().filter(s -> s.getParentSpanId().equals(parent)).toList();
      assertThat(children).hasSizeLessThanOrEqualTo(1);
      if (!children.isEmpty()) {
        SpanData child = children.getFirst();
        assertThat(child.getKind())
            .isEqualTo(current.getKind() == SpanKind.CLIENT ? SpanKind.SERVER : SpanKind.CLIENT);
      }
      current = children.isEmpty() ? null : children.getFirst();
    }
    return out;
  }

  /** The answer without trace ids and latencies, which vary per run. */
  private static JsonNode withoutVaryingFields(JsonNode answer) {
    JsonNode copy = answer.deepCopy();
    for (JsonNode hop = copy;
        hop instanceof ObjectNode o && o.has("capability");
        hop = o.get("next")) {
      o.remove(List.of("trace_id", "next_latency_ms"));
    }
    return copy;
  }
}
