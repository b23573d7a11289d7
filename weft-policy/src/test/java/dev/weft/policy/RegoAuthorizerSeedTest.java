package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.testing.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seeds' policies through the embedded authorizer: seed 000's federation policy and data
 * (queried as a package and as its {@code allow} rule) and seed 001's multi-cloud policy (in v1
 * syntax), which reads {@code input.caller}, {@code input.agent} and {@code input.request}.
 */
class RegoAuthorizerSeedTest {

  static PolicySnapshot seed000;
  static PolicySnapshot seed001;

  static final String SEED_001_V1 =
      """
      package agentweave.authz

      default allow := false

      allow if {
          caller_region := split(input.caller.spiffe_id, "/")[3]
          our_region := split(input.agent.spiffe_id, "/")[3]
          caller_region == our_region
      }

      allow if {
          input.caller.spiffe_id == "spiffe://example.org/region/aws-us-east-1/orchestrator"
          startswith(input.agent.spiffe_id, "spiffe://example.org/region/gcp-us-central1/worker")
      }

      allow if {
          input.request.method in ["ping", "health_check", "status"]
      }
      """;

  @BeforeAll
  static void loadSeeds() throws Exception {
    seed000 =
        new PolicySnapshot(
            RegoPolicy.builder()
                .module("federated-authz.rego", Engine.resource("seed000/federated-authz.rego"))
                .data(Json.parse(Engine.resource("seed000/data.json")))
                .build(),
            "seed-000");
    seed001 = Engine.snapshot("seed-001", SEED_001_V1, "{}");
  }

  static Decision decide(PolicySnapshot snapshot, String path, AuthorizationRequest request) {
    try (RegoAuthorizer authorizer =
        RegoAuthorizer.create(
            () -> snapshot, DecisionPath.parse(path), MutableClock.startingNow())) {
      return authorizer.decide(request);
    }
  }

  static AuthorizationRequest call(String caller, String callee, String action, String method) {
    AuthorizationRequest.Builder b =
        AuthorizationRequest.builder(SpiffeId.parse(caller), SpiffeId.parse(callee), action);
    return (method.isEmpty() ? b : b.method(method)).build();
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(
      textBlock =
          """
          spiffe://aws.company.com/agent/orchestrator, spiffe://aws.company.com/agent/processor, anything, true
          spiffe://gcp.company.com/agent/search,       spiffe://aws.company.com/agent/orchestrator, search, true
          spiffe://gcp.company.com/agent/search,       spiffe://aws.company.com/agent/orchestrator, process, false
          spiffe://aws.company.com/agent/orchestrator, spiffe://gcp.company.com/agent/search, process, true
          spiffe://azure.company.com/agent/processor,  spiffe://gcp.company.com/agent/search, process, true
          spiffe://azure.company.com/agent/other,      spiffe://gcp.company.com/agent/search, process, false
          spiffe://evil.example.com/agent/search,      spiffe://gcp.company.com/agent/search, search, false
          spiffe://evil.example.com/agent/x,           spiffe://evil.example.com/agent/y, search, true
          """)
  void seed000(String caller, String callee, String action, boolean allowed) {
    AuthorizationRequest request = call(caller, callee, action, "");

    Decision asPackage = decide(seed000, "agentweave/authz/federated", request);
    Decision asRule = decide(seed000, "agentweave/authz/federated/allow", request);

    assertThat(asPackage.allowed()).isEqualTo(allowed);
    assertThat(asPackage.revision()).isEqualTo("seed-000");
    assertThat(asPackage.result()).isInstanceOf(ObjectValue.class);
    assertThat(((ObjectValue) asPackage.result()).get("allow")).isEqualTo(BooleanValue.of(allowed));
    assertThat(asPackage.reason())
        .isEqualTo(
            allowed
                ? "allowed by agentweave/authz/federated"
                : "denied by agentweave/authz/federated: allow is false");
    assertThat(asRule.allowed()).isEqualTo(allowed);
    assertThat(asRule.result()).isEqualTo(BooleanValue.of(allowed));
    assertThat(asRule.reason())
        .isEqualTo(
            allowed
                ? "allowed by agentweave/authz/federated/allow"
                : "denied by agentweave/authz/federated/allow: the result is false");
  }

  // split(id, "/")[3] is the first path segment, "region", for every ID under /region/: the seed's
  // first rule lets any two such IDs talk, which is what OPA decides too (last row).
  @ParameterizedTest(name = "{0} -> {1}: {3}")
  @CsvSource(
      textBlock =
          """
          spiffe://example.org/region/aws-us-east-1/orchestrator, spiffe://example.org/region/gcp-us-central1/worker-1, process, process, true
          spiffe://other.org/team/a,                              spiffe://example.org/region/azure-eastus/agent, ping, '', true
          spiffe://other.org/team/a,                              spiffe://example.org/region/azure-eastus/agent, process, health_check, true
          spiffe://other.org/team/a,                              spiffe://example.org/region/azure-eastus/agent, process, process, false
          spiffe://example.org/region/aws-us-east-1/agent,        spiffe://example.org/region/azure-eastus/agent, process, process, true
          """)
  void seed001(String caller, String callee, String action, String method, boolean allowed) {
    Decision d = decide(seed001, "agentweave/authz/allow", call(caller, callee, action, method));

    assertThat(d.allowed()).isEqualTo(allowed);
    assertThat(d.revision()).isEqualTo("seed-001");
  }
}
