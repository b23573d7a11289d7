package dev.weft.agent.server;

import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.policy.DecisionLog;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.RegoAuthorizer;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.testing.MutableClock;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** A started agent server with a real Rego policy and an audit log in memory. */
final class ServerFixture implements AutoCloseable {

  static final String POLICY =
      """
      package weft.test

      import rego.v1

      default allow := false

      allow if count(deny) == 0

      deny contains msg if {
        input.action == "secret"
        msg := sprintf("%s may not call secret", [input.caller_spiffe_id])
      }
      """;

  final Mesh mesh = new Mesh();
  final TestAgent agent = new TestAgent();
  final MutableClock clock = MutableClock.startingNow();
  final StringWriter audit = new StringWriter();
  final DecisionLog auditLog = DecisionLog.jsonLines(audit, List.of());
  final RegoAuthorizer authorizer;
  final AgentServer server;

  ServerFixture() throws Exception {
    this(b -> b);
  }

  ServerFixture(UnaryOperator<AgentServer.Builder> customize) throws Exception {
    PolicySnapshot policy =
        new PolicySnapshot(RegoPolicy.builder().module("test.rego", POLICY).build(), "r1");
    authorizer = RegoAuthorizer.create(() -> policy, DecisionPath.parse("weft/test"), clock);
    server =
        customize
            .apply(
                AgentServer.builder()
                    .identity(mesh.server)
                    .authorizer(authorizer)
                    .auditLog(auditLog)
                    .host("127.0.0.1")
                    .port(0)
                    .name("search-agent")
                    .description("Searches things")
                    .version("1.2.3")
                    .clock(clock)
                    .agent(agent))
            .build()
            .start();
  }

  static ServerFixture allowing(Set<TrustDomain> domains) throws Exception {
    return new ServerFixture(b -> b.allowedTrustDomains(domains));
  }

  Mesh.Client client(String path) {
    return mesh.client(mesh.a, path, HttpClient.Version.HTTP_1_1);
  }

  int port() {
    return server.port();
  }

  List<String> auditLines() {
    return audit.toString().lines().toList();
  }

  @Override
  public void close() throws java.io.IOException {
    server.close();
    authorizer.close();
    auditLog.close();
  }
}
