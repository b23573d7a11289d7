package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.MutableClock;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The embedded authorizer's fail-closed paths that need no policy at all. */
class RegoAuthorizerTest {

  static final DecisionPath PATH = DecisionPath.parse("agentweave/authz/federated");
  static final AuthorizationRequest REQUEST =
      AuthorizationRequest.builder(
              SpiffeId.parse("spiffe://aws.company.com/agent/orchestrator"),
              SpiffeId.parse("spiffe://gcp.company.com/agent/search"),
              "search")
          .build();

  final MutableClock clock = MutableClock.startingNow();
  final StringWriter logged = new StringWriter();

  Decision decideOnce(Supplier<PolicySnapshot> policies) throws Exception {
    try (DecisionLog log = DecisionLog.jsonLines(logged, List.of());
        RegoAuthorizer authorizer = RegoAuthorizer.create(policies, PATH, clock)) {
      return DecisionPoint.create(authorizer, log, clock).decide(PATH, REQUEST);
    }
  }

  @Test
  void noPolicyYetDenies() throws Exception {
    Decision d = decideOnce(() -> null);

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("denied: no policy is loaded yet");
    assertThat(d.revision()).isEmpty();
    assertThat(d.result()).isNull();
    JsonNode line = new ObjectMapper().readTree(logged.toString());
    assertThat(line.get("decision_id").asText()).isEqualTo(d.decisionId());
    assertThat(line.get("timestamp").asText()).isEqualTo(clock.instant().toString());
    assertThat(line.get("reason").asText()).isEqualTo("denied: no policy is loaded yet");
    assertThat(line.get("allowed").asBoolean()).isFalse();
  }

  @Test
  void aFailingPolicySourceDenies() throws Exception {
    Decision d =
        decideOnce(
            () -> {
              throw new IllegalStateException("watcher stopped");
            });

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "denied: the policy source failed: java.lang.IllegalStateException: watcher stopped");
  }

  @Test
  void aClosedAuthorizerDeniesWithoutReadingThePolicy() {
    AtomicInteger reads = new AtomicInteger();
    RegoAuthorizer authorizer =
        RegoAuthorizer.create(
            () -> {
              reads.incrementAndGet();
              return null;
            },
            PATH,
            clock);
    authorizer.close();

    Decision d = authorizer.decide(REQUEST);

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("denied: the authorizer is closed");
    assertThat(reads).hasValue(0);
  }
}
