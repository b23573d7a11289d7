package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The authorization policies of seeds 000 (federated domains, v1 syntax, with its data.json) and
 * 001 (regions, pre-1.0 syntax) give the decisions their text implies.
 */
class SeedPoliciesTest {

  static String resource(String name) throws IOException {
    try (InputStream in =
        SeedPoliciesTest.class.getResourceAsStream("/dev/weft/policy/examples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static RegoPolicy seed000() throws Exception {
    return RegoPolicy.builder()
        .module("federated-authz.rego", resource("federated-authz.rego"))
        .data(Json.parse(resource("federation-data.json")))
        .build();
  }

  @ParameterizedTest(name = "{0} -> {1} action {2}: {3}")
  @CsvSource({
    // same trust domain: any action
    "spiffe://aws.company.com/agent/orchestrator, spiffe://aws.company.com/agent/billing, delete, true",
    // federated domain, action listed for the caller
    "spiffe://gcp.company.com/agent/search, spiffe://aws.company.com/agent/orchestrator, search, true",
    "spiffe://aws.company.com/agent/orchestrator, spiffe://gcp.company.com/agent/search, search, true",
    "spiffe://aws.company.com/agent/orchestrator, spiffe://azure.company.com/agent/processor, process, true",
    "spiffe://azure.company.com/agent/processor, spiffe://aws.company.com/agent/orchestrator, process, true",
    // federated domain, action not listed for the caller
    "spiffe://gcp.company.com/agent/search, spiffe://azure.company.com/agent/processor, process, false",
    "spiffe://azure.company.com/agent/processor, spiffe://gcp.company.com/agent/search, search, false",
    // federated domain, caller without any listed action
    "spiffe://gcp.company.com/agent/other, spiffe://aws.company.com/agent/orchestrator, search, false",
    // a domain that is not federated, even with a listed action name
    "spiffe://evil.example.com/agent/orchestrator, spiffe://aws.company.com/agent/orchestrator, search, false",
    // a look-alike domain
    "spiffe://aws.company.com.evil.example/agent/orchestrator, spiffe://aws.company.com/agent/x, search, false",
  })
  void seed000FederationPolicy(String caller, String callee, String action, boolean allowed)
      throws Exception {
    Value input =
        Json.parse(
            """
        {"caller_spiffe_id": "%s", "callee_spiffe_id": "%s", "action": "%s"}"""
                .formatted(caller, callee, action));
    assertThat(seed000().evaluate("data.agentweave.authz.federated.allow", input))
        .contains(BooleanValue.of(allowed));
  }

  @Test
  void seed000DeniesByDefaultWithoutInput() throws Exception {
    assertThat(seed000().evaluate("data.agentweave.authz.federated.allow", null))
        .contains(BooleanValue.FALSE);
  }

  @Test
  void seed000HelperRulesAreUndefinedRatherThanFalse() throws Exception {
    Value input =
        Json.parse(
            """
        {"caller_spiffe_id": "spiffe://evil.example.com/a", "callee_spiffe_id": "spiffe://aws.company.com/b", "action": "x"}""");
    RegoPolicy policy = seed000();
    assertThat(policy.evaluate("data.agentweave.authz.federated.federated_trust_domain", input))
        .isEmpty();
    assertThat(policy.evaluate("data.agentweave.authz.federated.same_trust_domain", input))
        .isEmpty();
  }

  @Test
  void seed001AsWrittenIsRejectedLikeOpaRejectsItInV0() throws Exception {
    String source = resource("multicloud-authz.rego");
    assertThatThrownBy(
            () ->
                RegoPolicy.builder()
                    .version(RegoVersion.V0)
                    .module("multicloud-authz.rego", source)
                    .build())
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.errors()).isNotEmpty();
              RegoError first = e.errors().getFirst();
              assertThat(first.code()).isEqualTo(RegoError.PARSE);
              assertThat(first.location().file()).isEqualTo("multicloud-authz.rego");
              assertThat(first.location().line()).isEqualTo(21);
            });
  }

  @Test
  void seed001IsRejectedInV1ForWantOfIf() throws Exception {
    String source = resource("multicloud-authz.rego");
    assertThatThrownBy(() -> RegoPolicy.builder().module("multicloud-authz.rego", source).build())
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> assertThat(e.errors().getFirst().code()).isEqualTo(RegoError.PARSE));
  }

  static RegoPolicy seed001WithImport() throws Exception {
    String source =
        resource("multicloud-authz.rego")
            .replace(
                "package agentweave.authz\n",
                "package agentweave.authz\n\nimport future.keywords.in\n");
    return RegoPolicy.builder()
        .version(RegoVersion.V0)
        .module("multicloud-authz.rego", source)
        .build();
  }

  @ParameterizedTest(name = "{0} -> {1} method {2}: {3}")
  @CsvSource({
    // AWS orchestrator may call GCP workers
    "spiffe://example.org/region/aws-us-east-1/orchestrator, spiffe://example.org/region/gcp-us-central1/worker-7, search, true",
    // health methods are allowed from anyone
    "spiffe://other.org/agent/x, spiffe://example.org/service/y, ping, true",
    "spiffe://other.org/agent/x, spiffe://example.org/service/y, status, true",
    "spiffe://other.org/agent/x, spiffe://example.org/service/y, health_check, true",
    // nothing else matches
    "spiffe://other.org/agent/x, spiffe://example.org/service/y, delete, false",
    "spiffe://example.org/agent/orchestrator, spiffe://example.org/service/worker, search, false",
    // The "same region" rule compares split(id, "/")[3], which for these IDs is the literal
    // segment "region", not the region name: so any two IDs under /region/ are allowed, as OPA
    // would also decide. A reader expecting a region comparison should index [4].
    "spiffe://example.org/region/aws-us-east-1/billing, spiffe://example.org/region/azure-eastus/worker, delete, true",
  })
  void seed001MultiCloudPolicy(String caller, String agent, String method, boolean allowed)
      throws Exception {
    Value input =
        Json.parse(
            """
        {"caller": {"spiffe_id": "%s"}, "agent": {"spiffe_id": "%s"}, "request": {"method": "%s"}}"""
                .formatted(caller, agent, method));
    Optional<Value> decision = seed001WithImport().evaluate("data.agentweave.authz.allow", input);
    assertThat(decision).contains(BooleanValue.of(allowed));
  }
}
