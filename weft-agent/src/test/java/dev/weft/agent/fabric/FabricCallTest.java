package dev.weft.agent.fabric;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.AgentException;
import dev.weft.agent.CallContext;
import dev.weft.agent.Capability;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.a2a.FabricEnvelope;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.server.AgentServer;
import dev.weft.fabric.Name;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.Authorizer;
import dev.weft.policy.DecisionLog;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.RegoAuthorizer;
import dev.weft.policy.rego.RegoPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capability called over a real fabric node, end to end: the agent serves on a fabric name with
 * MLS sessions and its Rego policy; the caller's SPIFFE ID is the MLS-authenticated one.
 */
class FabricCallTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String AGENT = "spiffe://a.test/agent/echo";
  static final String CALLER = "spiffe://a.test/agent/caller";
  static final String STRANGER = "spiffe://a.test/agent/stranger";
  static final Name NAME = Name.parse("a.test/agents/echo");

  /** Allows the caller to call echo, whoami, fail and slow; denies everything else. */
  static final String POLICY =
      """
      package weft.fabric_test

      default allow := false

      allow if {
        input.caller_spiffe_id == "spiffe://a.test/agent/caller"
        input.action in {"echo", "whoami", "fail", "slow"}
      }
      """;

  /** What the agent serves; counts how often anything ran. */
  public static final class EchoAgent {
    final AtomicInteger ran = new AtomicInteger();

    @Capability(name = "echo", description = "Echoes its params")
    public JsonNode echo(JsonNode params) {
      ran.incrementAndGet();
      return params;
    }

    @Capability(name = "whoami", description = "The caller's SPIFFE ID")
    public String whoami(CallContext ctx) {
      ran.incrementAndGet();
      return ctx.caller().toString();
    }

    @Capability(name = "secret", description = "Denied by the policy")
    public String secret() {
      ran.incrementAndGet();
      return "never";
    }

    @Capability(name = "slow", description = "Takes ten seconds")
    public String slow() throws InterruptedException {
      Thread.sleep(10_000);
      return "late";
    }

    @Capability(name = "fail", description = "Refuses every call")
    public String fail() throws AgentException {
      throw new AgentException(ErrorCode.INVALID_ARGUMENT, "fail: always (expected: nothing)");
    }
  }

  @TempDir Path dir;
  private FabricMesh mesh;
  private EchoAgent agent;
  private Path audit;

  @BeforeEach
  void start() throws Exception {
    mesh = new FabricMesh();
    agent = new EchoAgent();
    audit = dir.resolve("audit.jsonl");
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  private static Authorizer rego() throws Exception {
    PolicySnapshot snapshot =
        new PolicySnapshot(RegoPolicy.builder().module("p.rego", POLICY).build(), "r1");
    return RegoAuthorizer.create(
        () -> snapshot, DecisionPath.parse("weft/fabric_test/allow"), Clock.systemUTC());
  }

  /** Serves the agent on {@link #NAME}, its endpoint with MLS or not. */
  private void serve(boolean mls) throws Exception {
    SwappableIdentitySource source = mesh.source(AGENT);
    DecisionLog log = mesh.add(DecisionLog.jsonLines(audit, List.of()));
    AgentServer server =
        mesh.add(
            AgentServer.builder()
                .identity(source)
                .authorizer(mesh.add(rego()))
                .auditLog(log)
                .agent(agent)
                .build());
    mesh.add(server.serveFabric(mesh.endpoint(source, mls), NAME));
  }

  private MeshClient caller(String id, Authorizer outbound, boolean mls) throws Exception {
    SwappableIdentitySource source = mesh.source(id);
    SessionEndpoint sessions = mesh.endpoint(source, mls);
    return mesh.add(Agents.client(ClientConfig.builder(source, outbound).fabric(sessions).build()));
  }

  private static Authorizer noOutboundPolicy() {
    return Authorizer.allowAll("no outbound policy");
  }

  @Test
  void anAllowedCallRunsWithTheMlsAuthenticatedCaller() throws Exception {
    serve(true);
    MeshClient client = caller(CALLER, noOutboundPolicy(), true);

    JsonNode echoed =
        client.call(
            SpiffeId.parse(AGENT),
            NAME,
            "echo",
            JSON.createObjectNode().put("q", "hello"),
            Duration.ofSeconds(20));
    JsonNode who = client.call(SpiffeId.parse(AGENT), NAME, "whoami", null, Duration.ofSeconds(20));

    assertThat(echoed).isEqualTo(JSON.createObjectNode().put("q", "hello"));
    assertThat(who).isEqualTo(JSON.createObjectNode().put("value", CALLER));
    List<String> lines = Files.readAllLines(audit);
    assertThat(lines).hasSize(2);
    JsonNode line = JSON.readTree(lines.getFirst());
    assertThat(line.get("path").asText()).isEqualTo("weft/agent/policy");
    assertThat(line.get("allowed").asBoolean()).isTrue();
    assertThat(line.at("/input/caller_spiffe_id").asText()).isEqualTo(CALLER);
  }

  @Test
  void theAgentsRegoPolicyDeniesAsForADirectCall() throws Exception {
    serve(true);
    MeshClient caller = caller(CALLER, noOutboundPolicy(), true);
    MeshClient stranger = caller(STRANGER, noOutboundPolicy(), true);

    assertThatThrownBy(
            () -> caller.call(SpiffeId.parse(AGENT), NAME, "secret", null, Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessage("denied by weft/fabric_test/allow: the result is false");
    assertThatThrownBy(
            () -> stranger.call(SpiffeId.parse(AGENT), NAME, "echo", null, Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    assertThat(agent.ran).hasValue(0);
    JsonNode line = JSON.readTree(Files.readAllLines(audit).get(1));
    assertThat(line.get("allowed").asBoolean()).isFalse();
    assertThat(line.at("/input/caller_spiffe_id").asText()).isEqualTo(STRANGER);
  }

  @Test
  void aCapabilityErrorKeepsItsCodeAndMessage() throws Exception {
    serve(true);
    MeshClient client = caller(CALLER, noOutboundPolicy(), true);

    assertThatThrownBy(
            () -> client.call(SpiffeId.parse(AGENT), NAME, "fail", null, Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("fail: always (expected: nothing)");
  }

  @Test
  void theDeadlineTravelsAndEndsTheCall() throws Exception {
    serve(true);
    MeshClient client = caller(CALLER, noOutboundPolicy(), true);

    assertThatThrownBy(
            () -> client.call(SpiffeId.parse(AGENT), NAME, "slow", null, Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
  }

  @Test
  void theOutboundPolicyRefusesBeforeAnythingIsSent() throws Exception {
    serve(true);
    MeshClient client = caller(CALLER, Authorizer.denyAll("outbound: not to the echo agent"), true);

    assertThatThrownBy(
            () -> client.call(SpiffeId.parse(AGENT), NAME, "echo", null, Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessageContaining("outbound: not to the echo agent");
    assertThat(Files.exists(audit) ? Files.readAllLines(audit) : List.of()).isEmpty();
  }

  @Test
  void aCalleeThatIsNotTheExpectedAgentIsRefusedBeforeSending() throws Exception {
    serve(true);
    MeshClient client = caller(CALLER, noOutboundPolicy(), true);

    assertThatThrownBy(
            () ->
                client.call(
                    SpiffeId.parse("spiffe://a.test/agent/other"),
                    NAME,
                    "echo",
                    null,
                    Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessage(
            "the fabric name a.test/agents/echo is served by "
                + AGENT
                + " (expected: spiffe://a.test/agent/other); nothing was sent");
    assertThat(agent.ran).hasValue(0);
  }

  @Test
  void aClientWithoutMlsRefusesToCall() throws Exception {
    serve(false);
    MeshClient client = caller(CALLER, noOutboundPolicy(), false);

    assertThatThrownBy(
            () -> client.call(SpiffeId.parse(AGENT), NAME, "echo", null, Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessageContaining("is not MLS-authenticated");
    assertThat(agent.ran).hasValue(0);
  }

  @Test
  void theAgentRefusesASessionWithoutMlsAndRunsNothing() throws Exception {
    serve(false); // misconfigured: the agent's endpoint has no MLS
    SessionEndpoint plain = mesh.endpoint(mesh.source(CALLER), false);
    Session session = plain.open(NAME, (s, bytes) -> {});
    byte[] request =
        new FabricEnvelope(
                JSON.readTree(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/send\",\"params\":"
                        + "{\"message\":{\"kind\":\"message\",\"role\":\"user\",\"messageId\":\"m\","
                        + "\"parts\":[{\"kind\":\"data\",\"data\":{}}],"
                        + "\"metadata\":{\"weft.capability\":\"echo\"}}}}"),
                Optional.of(5000L),
                Optional.empty())
            .encode();

    byte[] reply = session.request(request, Duration.ofSeconds(20)).get();
    session.close();

    JsonNode answer = JSON.readTree(new String(reply, UTF_8));
    assertThat(answer.at("/error/code").asInt()).isEqualTo(ErrorCode.UNAUTHENTICATED.jsonRpcCode());
    assertThat(answer.at("/error/message").asText()).contains("not MLS-authenticated");
    assertThat(agent.ran).hasValue(0);
    assertThat(Files.exists(audit) ? Files.readAllLines(audit) : List.of()).isEmpty();
  }

  @Test
  void aBadEnvelopeIsAParseError() throws Exception {
    serve(true);
    SessionEndpoint sessions = mesh.endpoint(mesh.source(CALLER), true);
    Session session = sessions.open(NAME, (s, bytes) -> {});

    byte[] reply = session.request("not json".getBytes(UTF_8), Duration.ofSeconds(20)).get();
    session.close();

    JsonNode answer = JSON.readTree(new String(reply, UTF_8));
    assertThat(answer.at("/error/code").asInt()).isEqualTo(-32700);
    assertThat(agent.ran).hasValue(0);
  }

  @Test
  void nobodyServingTheNameIsUnavailable() throws Exception {
    MeshClient client = caller(CALLER, noOutboundPolicy(), true);

    assertThatThrownBy(
            () ->
                client.call(
                    SpiffeId.parse(AGENT),
                    Name.parse("a.test/agents/nobody"),
                    "echo",
                    null,
                    Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
  }
}
