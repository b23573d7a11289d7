package dev.weft.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.demo.ProcessorAgent;
import dev.weft.agent.observability.CallObserver;
import dev.weft.policy.Authorizer;
import dev.weft.policy.DecisionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 000 lets the GCP search agent call only {@code search}: its call of the Azure processor's
 * {@code process} is refused by its own outbound policy before anything is sent, and, from a caller
 * without that policy, by the processor's inbound policy. Both directions are audited: the caller's
 * client writes its outbound decision, the callee's server its inbound one, one line per decision.
 */
class AuthorizationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final Federation federation = new Federation();
  private Path auditFile;
  private DecisionLog auditLog;
  private Node processor;

  @BeforeEach
  void start() throws Exception {
    auditFile = dir.resolve("audit.jsonl");
    auditLog = DecisionLog.jsonLines(auditFile, List.of());
    processor =
        Node.start(
            federation.source(Federation.PROCESSOR),
            CallObserver.noop(),
            b -> b.auditLog(auditLog).agent(new ProcessorAgent()));
  }

  @AfterEach
  void close() throws Exception {
    processor.close();
    auditLog.close();
  }

  private JsonNode process(MeshClient client) throws AgentException {
    return client.call(
        Federation.PROCESSOR,
        processor.address(),
        "process",
        JSON.createObjectNode().put("payload", "x"),
        Duration.ofSeconds(10));
  }

  @Test
  void theSearchAgentsOwnPolicyRefusesProcessBeforeSendingAndAuditsIt() throws Exception {
    Path outbound = dir.resolve("search-audit.jsonl");
    Node search = Node.start(federation.source(Federation.SEARCH), CallObserver.noop(), b -> b);
    try (search;
        DecisionLog searchAudit = DecisionLog.jsonLines(outbound, List.of());
        MeshClient client = search.newClient(b -> b.auditLog(searchAudit))) {
      assertThatThrownBy(() -> process(client))
          .isInstanceOfSatisfying(
              AgentException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
          .hasMessage(SeedPolicy.DENY_REASON);
    }
    assertThat(Files.readAllLines(auditFile)).isEmpty();
    List<String> lines = Files.readAllLines(outbound);
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.getFirst());
    assertThat(line.get("path").asText()).isEqualTo("weft/agent/outbound_policy");
    assertThat(line.get("allowed").asBoolean()).isFalse();
    assertThat(line.get("reason").asText()).isEqualTo(SeedPolicy.DENY_REASON);
    assertThat(line.get("result").asBoolean()).isFalse();
    assertThat(line.get("revision").asText()).isEqualTo("seed-000");
    assertThat(line.at("/input/caller_spiffe_id").asText())
        .isEqualTo("spiffe://gcp.company.com/agent/search");
    assertThat(line.at("/input/callee_spiffe_id").asText())
        .isEqualTo("spiffe://azure.company.com/agent/processor");
    assertThat(line.at("/input/action").asText()).isEqualTo("process");
    assertThat(line.get("trace_id").asText()).hasSize(32);
  }

  @Test
  void theProcessorsPolicyRefusesProcessToTheSearchAgentAndAuditsIt() throws Exception {
    try (Authorizer noOutboundPolicy = Authorizer.allowAll("no outbound policy");
        MeshClient client =
            Agents.client(
                ClientConfig.builder(federation.source(Federation.SEARCH), noOutboundPolicy)
                    .build())) {
      assertThatThrownBy(() -> process(client))
          .isInstanceOfSatisfying(
              AgentException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
          .hasMessage(SeedPolicy.DENY_REASON);
    }
    List<String> lines = Files.readAllLines(auditFile);
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.getFirst());
    assertThat(line.get("allowed").asBoolean()).isFalse();
    assertThat(line.get("path").asText()).isEqualTo("weft/agent/policy");
    assertThat(line.get("reason").asText()).isEqualTo(SeedPolicy.DENY_REASON);
    assertThat(line.at("/input/caller_spiffe_id").asText())
        .isEqualTo("spiffe://gcp.company.com/agent/search");
    assertThat(line.at("/input/callee_spiffe_id").asText())
        .isEqualTo("spiffe://azure.company.com/agent/processor");
    assertThat(line.at("/input/action").asText()).isEqualTo("process");
    assertThat(line.get("revision").asText()).isEqualTo("seed-000");
  }

  @Test
  void anAllowedCallIsAuditedOnceByTheCallerAndOnceByTheCallee() throws Exception {
    Path outbound = dir.resolve("orchestrator-audit.jsonl");
    Node orchestrator =
        Node.start(federation.source(Federation.ORCHESTRATOR), CallObserver.noop(), b -> b);
    try (orchestrator;
        DecisionLog orchestratorAudit = DecisionLog.jsonLines(outbound, List.of());
        MeshClient client = orchestrator.newClient(b -> b.auditLog(orchestratorAudit))) {
      JsonNode answer = process(client);
      assertThat(answer.get("cloud").asText()).isEqualTo("azure");
      assertThat(answer.get("caller").asText())
          .isEqualTo("spiffe://aws.company.com/agent/orchestrator");
    }
    List<String> outboundLines = Files.readAllLines(outbound);
    List<String> inboundLines = Files.readAllLines(auditFile);
    assertThat(outboundLines).hasSize(1);
    assertThat(inboundLines).hasSize(1);
    JsonNode out = JSON.readTree(outboundLines.getFirst());
    JsonNode in = JSON.readTree(inboundLines.getFirst());
    assertThat(out.get("path").asText()).isEqualTo("weft/agent/outbound_policy");
    assertThat(in.get("path").asText()).isEqualTo("weft/agent/policy");
    for (JsonNode line : List.of(out, in)) {
      assertThat(line.get("allowed").asBoolean()).as(line.toString()).isTrue();
      assertThat(line.get("result").asBoolean()).as(line.toString()).isTrue();
      assertThat(line.get("revision").asText()).as(line.toString()).isEqualTo("seed-000");
      assertThat(line.at("/input/caller_spiffe_id").asText())
          .isEqualTo("spiffe://aws.company.com/agent/orchestrator");
      assertThat(line.at("/input/callee_spiffe_id").asText())
          .isEqualTo("spiffe://azure.company.com/agent/processor");
      assertThat(line.at("/input/action").asText()).isEqualTo("process");
    }
    assertThat(out.get("decision_id")).isNotEqualTo(in.get("decision_id"));
    // the caller's span and the callee's continue one trace
    assertThat(out.get("trace_id")).isEqualTo(in.get("trace_id"));
  }
}
