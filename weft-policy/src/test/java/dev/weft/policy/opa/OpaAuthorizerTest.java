package dev.weft.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Decision;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import org.junit.jupiter.api.Test;

class OpaAuthorizerTest extends OpaTestSupport {

  @Test
  void postsTheInputToTheDataApiAndReadsABooleanResult() throws Exception {
    AuthorizationRequest request = request("spiffe://gcp.company.com/agent/search", "search");
    try (OpaAuthorizer authorizer = authorizer(config())) {
      Decision d = authorizer.decide(request);

      assertThat(d.allowed()).isTrue();
      assertThat(d.reason()).isEqualTo("allowed by agentweave/authz/federated");
      assertThat(d.result()).isEqualTo(BooleanValue.TRUE);
      assertThat(d.revision()).isEmpty();
    }
    FakeOpa.Received r = opa.received().getFirst();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1/data/agentweave/authz/federated");
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.authorization()).isNull();
    assertThat(r.body()).startsWith("{\"input\":{\"action\":\"search\",\"agent\":{");
    JsonNode expected = JSON.createObjectNode().set("input", Json.toJson(request.input()));
    assertThat(JSON.readTree(r.body())).isEqualTo(expected);
  }

  @Test
  void aRuleInRegoFormIsPostedAsASlashPath() throws Exception {
    try (OpaAuthorizer authorizer =
        authorizer(OpaConfig.builder(opa.url() + "/", "data.agentweave.authz.federated.allow"))) {
      authorizer.decide(request("spiffe://gcp.company.com/agent/search", "search"));
    }
    assertThat(opa.received().getFirst().path())
        .isEqualTo("/v1/data/agentweave/authz/federated/allow");
  }

  @Test
  void readsAllowAndReasonsFromAPackageObject() {
    opa.answer(200, "{\"result\":{\"allow\":false,\"reasons\":[\"caller not federated\"]}}");
    try (OpaAuthorizer authorizer = authorizer(config())) {
      Decision d = authorizer.decide(request("spiffe://evil.example/agent/x", "search"));

      assertThat(d.allowed()).isFalse();
      assertThat(d.reason())
          .isEqualTo("denied by agentweave/authz/federated: caller not federated");
    }
  }

  @Test
  void aMissingResultIsUndefinedAndDenies() {
    opa.answer(200, "{}");
    try (OpaAuthorizer authorizer = authorizer(config())) {
      Decision d = authorizer.decide(request("spiffe://gcp.company.com/agent/search", "search"));

      assertThat(d.allowed()).isFalse();
      assertThat(d.result()).isNull();
      assertThat(d.reason())
          .isEqualTo(
              "denied by agentweave/authz/federated: the result is undefined"
                  + " (no rule matched and there is no default)");
    }
  }

  @Test
  void sendsTheBearerTokenButNeverShowsIt() throws Exception {
    opa.answer(401, "{\"code\":\"unauthorized\",\"message\":\"authentication required\"}");
    try (OpaAuthorizer authorizer = authorizer(config().bearerToken("s3cr3t-t0ken"))) {
      Decision d = audited(authorizer, request("spiffe://gcp.company.com/agent/search", "search"));

      assertThat(d.allowed()).isFalse();
      assertThat(d.reason())
          .isEqualTo(
              "denied: OPA "
                  + opa.url()
                  + " answered HTTP 401: unauthorized: authentication required");
    }
    assertThat(opa.received().getFirst().authorization()).isEqualTo("Bearer s3cr3t-t0ken");
    assertThat(logged.toString()).isNotEmpty().doesNotContain("s3cr3t");
  }
}
