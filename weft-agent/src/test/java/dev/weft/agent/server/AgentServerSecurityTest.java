package dev.weft.agent.server;

import static dev.weft.agent.server.Mesh.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.X509Svid;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Authentication, peer guards, policy, audit and SVID rotation, over real mTLS. */
class AgentServerSecurityTest {

  @Test
  void aPolicyDenyAnswersTheDecisionsReasonAndIsAudited() throws Exception {
    try (ServerFixture fx = new ServerFixture();
        Mesh.Client client = fx.client("/agent/orchestrator")) {
      JsonNode answer = client.call(fx.port(), "secret", "{}");

      assertThat(answer.get("error"))
          .isEqualTo(
              parse(
                  """
                  {"code": -32011,
                   "message": "denied by weft/test: spiffe://a.org/agent/orchestrator may not call secret",
                   "data": {"weft.error": "PERMISSION_DENIED"}}
                  """));
      assertThat(fx.auditLines()).hasSize(1);
      JsonNode line = parse(fx.auditLines().get(0));
      assertThat(line.get("path").asText()).isEqualTo("weft/agent/policy");
      assertThat(line.get("allowed").asBoolean()).isFalse();
      assertThat(line.get("reason").asText())
          .isEqualTo("denied by weft/test: spiffe://a.org/agent/orchestrator may not call secret");
      assertThat(line.at("/input/caller_spiffe_id").asText())
          .isEqualTo("spiffe://a.org/agent/orchestrator");
      assertThat(line.at("/input/callee_spiffe_id").asText())
          .isEqualTo("spiffe://a.org/agent/search");
      assertThat(line.at("/input/action").asText()).isEqualTo("secret");
      assertThat(line.get("trace_id").asText()).hasSize(32);
      assertThat(line.get("revision").asText()).isEqualTo("r1");
    }
  }

  @Test
  void anAllowedCallIsAuditedToo() throws Exception {
    try (ServerFixture fx = new ServerFixture();
        Mesh.Client client = fx.client("/agent/orchestrator")) {
      client.call(fx.port(), "echo", "{}");
      assertThat(fx.auditLines()).hasSize(1);
      JsonNode line = parse(fx.auditLines().get(0));
      assertThat(line.get("allowed").asBoolean()).isTrue();
      assertThat(line.get("reason").asText()).isEqualTo("allowed by weft/test");
    }
  }

  @Test
  void theTraceIdOfTheIncomingTraceparentReachesTheAuditLog() throws Exception {
    try (ServerFixture fx = new ServerFixture();
        Mesh.Client client = fx.client("/agent/orchestrator")) {
      client.post(
          fx.port(),
          Mesh.send(1, "echo", "{}"),
          Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
      assertThat(parse(fx.auditLines().get(0)).get("trace_id").asText())
          .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
  }

  @Test
  void aRequiresPeerGuardDeniesOtherCallersBeforeThePolicy() throws Exception {
    try (ServerFixture fx = new ServerFixture();
        Mesh.Client client = fx.client("/agent/orchestrator")) {
      JsonNode answer = client.call(fx.port(), "admin", "{}");

      assertThat(answer.get("error"))
          .isEqualTo(
              parse(
                  """
                  {"code": -32011,
                   "message": "caller spiffe://a.org/agent/orchestrator does not match any of [spiffe://*/region/*/orchestrator]",
                   "data": {"weft.error": "PERMISSION_DENIED"}}
                  """));
      assertThat(fx.auditLines()).hasSize(1);
      JsonNode line = parse(fx.auditLines().get(0));
      assertThat(line.get("path").asText()).isEqualTo("weft/agent/requires_peer");
      assertThat(line.get("allowed").asBoolean()).isFalse();
    }
  }

  @Test
  void aRequiresPeerGuardAdmitsAMatchingCallerOfAFederatedDomain() throws Exception {
    try (ServerFixture fx = new ServerFixture();
        Mesh.Client client =
            fx.mesh.client(fx.mesh.b, "/region/eu/orchestrator", HttpClient.Version.HTTP_2)) {
      JsonNode answer = client.call(fx.port(), "admin", "{}");

      assertThat(answer.at("/result/parts/0/data"))
          .isEqualTo(parse("{\"value\": \"hello spiffe://b.org/region/eu/orchestrator\"}"));
      assertThat(fx.auditLines()).hasSize(2);
      assertThat(parse(fx.auditLines().get(0)).get("reason").asText())
          .isEqualTo(
              "caller spiffe://b.org/region/eu/orchestrator matches"
                  + " spiffe://*/region/*/orchestrator");
    }
  }

  @Test
  void aCallerOfATrustDomainNotAllowedIsUnauthenticated() throws Exception {
    try (ServerFixture fx = ServerFixture.allowing(Set.of(TrustDomain.parse("a.org")));
        Mesh.Client client =
            fx.mesh.client(fx.mesh.b, "/agent/orchestrator", HttpClient.Version.HTTP_1_1)) {
      JsonNode answer = client.call(fx.port(), "echo", "{}");

      assertThat(answer.get("error"))
          .isEqualTo(
              parse(
                  """
                  {"code": -32010, "message": "trust domain b.org is not one of [a.org]",
                   "data": {"weft.error": "UNAUTHENTICATED"}}
                  """));
      assertThat(fx.auditLines()).hasSize(1);
      assertThat(parse(fx.auditLines().get(0)).get("path").asText())
          .isEqualTo("weft/agent/trust_domain");
    }
  }

  @Test
  void everyAuditLineCarriesAResultAndARevision() throws Exception {
    try (ServerFixture fx =
            ServerFixture.allowing(Set.of(TrustDomain.parse("a.org"), TrustDomain.parse("b.org")));
        Mesh.Client client =
            fx.mesh.client(fx.mesh.b, "/region/eu/orchestrator", HttpClient.Version.HTTP_1_1)) {
      client.call(fx.port(), "admin", "{}");

      assertThat(fx.auditLines()).hasSize(3);
      List<JsonNode> lines = fx.auditLines().stream().map(Mesh::parse).toList();
      assertThat(lines)
          .extracting(l -> l.get("path").asText())
          .containsExactly(
              "weft/agent/trust_domain", "weft/agent/requires_peer", "weft/agent/policy");
      assertThat(lines)
          .allSatisfy(
              l -> {
                assertThat(l.get("result")).as(l.toString()).isNotNull();
                assertThat(l.get("revision").asText()).as(l.toString()).isNotEmpty();
              });
      assertThat(lines.get(0).get("result").asBoolean()).isTrue();
      assertThat(lines.get(0).get("revision").asText()).isEqualTo(sha256Prefix("[a.org, b.org]"));
      assertThat(lines.get(2).get("revision").asText()).isEqualTo("r1");
    }
  }

  @Test
  void aPeerOfAnUnfederatedDomainFailsTheHandshake() throws Exception {
    try (ServerFixture fx = new ServerFixture();
        Mesh.Client client =
            fx.mesh.client(fx.mesh.c, "/agent/orchestrator", HttpClient.Version.HTTP_1_1)) {
      assertThatThrownBy(() -> client.call(fx.port(), "echo", "{}"))
          .isInstanceOf(IOException.class);
      assertThat(fx.auditLines()).isEmpty();
    }
  }

  @Test
  void aRotatedServerSvidIsPresentedOnNewConnectionsWithoutRestart() throws Exception {
    try (ServerFixture fx = new ServerFixture()) {
      X509Certificate before = presented(fx);
      assertThat(before).isEqualTo(fx.mesh.server.current().svid().leaf());

      X509Svid next = fx.mesh.a.svid("/agent/search");
      fx.mesh.server.update(s -> new IdentitySnapshot(next, s.bundles()));

      X509Certificate after = presented(fx);
      assertThat(after).isEqualTo(next.leaf()).isNotEqualTo(before);
    }
  }

  /** The first 16 hex digits of the SHA-256 of {@code rule}: a guard's revision. */
  private static String sha256Prefix(String rule) throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(rule.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
  }

  private static X509Certificate presented(ServerFixture fx) throws Exception {
    try (Mesh.Client client = fx.client("/agent/orchestrator")) {
      HttpResponse<String> response = client.get(fx.port(), "/healthz");
      assertThat(parse(response.body())).isEqualTo(parse("{\"status\": \"UP\"}"));
      return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }
  }
}
