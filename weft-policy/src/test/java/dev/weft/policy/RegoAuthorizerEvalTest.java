package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.testing.MutableClock;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Evaluation through the embedded authorizer: undefined, errors, reasons, preparing, time. */
class RegoAuthorizerEvalTest {

  static final AuthorizationRequest REQUEST =
      AuthorizationRequest.builder(
              SpiffeId.parse("spiffe://gcp.company.com/agent/search"),
              SpiffeId.parse("spiffe://aws.company.com/agent/orchestrator"),
              "search")
          .build();

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:15:30Z"));
  final StringWriter logged = new StringWriter();
  final AtomicReference<PolicySnapshot> current = new AtomicReference<>();

  @BeforeEach
  void needsTheEngine() {}

  Decision decide(String path) throws Exception {
    try (DecisionLog log = DecisionLog.jsonLines(logged, List.of());
        RegoAuthorizer authorizer =
            RegoAuthorizer.create(current::get, DecisionPath.parse(path), clock)) {
      return DecisionPoint.create(authorizer, log, clock).decide(DecisionPath.parse(path), REQUEST);
    }
  }

  List<JsonNode> logLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logged.toString().split("\n")) {
      lines.add(new ObjectMapper().readTree(line));
    }
    return lines;
  }

  @Test
  void anUndefinedDecisionDenies() throws Exception {
    current.set(
        Engine.snapshot("r1", "package weft.authz\n\nallow if input.action == \"ping\"\n", "{}"));

    Decision d = decide("weft/authz/allow");

    assertThat(d.allowed()).isFalse();
    assertThat(d.result()).isNull();
    assertThat(d.reason())
        .isEqualTo(
            "denied by weft/authz/allow: the result is undefined (no rule matched and there is"
                + " no default)");
  }

  @Test
  void anEvaluationErrorDeniesWithTheError() throws Exception {
    current.set(
        Engine.snapshot(
            "r1",
            """
            package weft.authz

            allow := true if input.action == "search"
            allow := false if input.request.method == "search"
            """,
            "{}"));

    Decision d = decide("weft/authz/allow");

    assertThat(d.allowed()).isFalse();
    assertThat(d.result()).isNull();
    assertThat(d.revision()).isEqualTo("r1");
    assertThat(d.reason())
        .startsWith("denied: evaluating data.weft.authz.allow failed: ")
        .contains("eval_conflict_error");
    assertThat(logLines().getFirst().get("reason").asText()).isEqualTo(d.reason());
  }

  @Test
  void denyMessagesOfThePolicyBecomeTheReason() throws Exception {
    current.set(
        Engine.snapshot(
            "r1",
            """
            package weft.authz

            default allow := false

            allow if count(deny) == 0

            deny contains msg if {
              not startswith(input.caller_spiffe_id, "spiffe://aws.company.com/")
              msg := concat(" ", ["caller", input.caller_spiffe_id, "is outside aws.company.com"])
            }
            """,
            "{}"));

    Decision d = decide("weft/authz");

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo(
            "denied by weft/authz: caller spiffe://gcp.company.com/agent/search is outside"
                + " aws.company.com");
  }

  @Test
  void theQueryIsPreparedOncePerSnapshot() throws Exception {
    current.set(Engine.snapshot("r1", "package weft.authz\n\nallow := true\n", "{}"));
    DecisionPath path = DecisionPath.parse("weft/authz/allow");
    try (DecisionLog log = DecisionLog.jsonLines(logged, List.of());
        RegoAuthorizer authorizer = RegoAuthorizer.create(current::get, path, clock)) {
      DecisionPoint decisions = DecisionPoint.create(authorizer, log, clock);
      decisions.decide(path, REQUEST);
      decisions.decide(path, REQUEST);
      current.set(Engine.snapshot("r2", "package weft.authz\n\nallow := false\n", "{}"));
      Decision afterReload = decisions.decide(path, REQUEST);

      assertThat(afterReload.allowed()).isFalse();
      assertThat(afterReload.revision()).isEqualTo("r2");
    }
    List<JsonNode> lines = logLines();
    assertThat(lines).extracting(l -> l.get("revision").asText()).containsExactly("r1", "r1", "r2");
    assertThat(lines)
        .extracting(l -> l.get("metrics").has("timer_rego_query_compile_ns"))
        .containsExactly(true, false, true);
    assertThat(lines).allSatisfy(l -> assertThat(l.get("metrics").has("timer_rego_query_eval_ns")));
  }

  @Test
  void aDecisionPastItsStepBudgetDeniesWithTheReason() throws Exception {
    current.set(Engine.snapshot("r1", LOOP, "{}"));
    try (RegoAuthorizer authorizer =
        RegoAuthorizer.create(
            current::get,
            DecisionPath.parse("weft/authz/allow"),
            clock,
            EvalLimits.NONE.withMaxSteps(10_000))) {
      Decision d = authorizer.decide(REQUEST);

      assertThat(d.allowed()).isFalse();
      assertThat(d.reason())
          .isEqualTo(
              "denied: evaluating data.weft.authz.allow failed:"
                  + " eval_cancel_error: policy evaluation exceeded its budget of 10000 steps");
    }
  }

  @Test
  void aDecisionPastItsDeadlineDeniesWithTheReason() throws Exception {
    current.set(Engine.snapshot("r1", LOOP, "{}"));
    AtomicLong ticks = new AtomicLong();
    EvalLimits limits = EvalLimits.DECISION.withTicker(() -> ticks.addAndGet(5_000_000));
    try (RegoAuthorizer authorizer =
        RegoAuthorizer.create(
            current::get, DecisionPath.parse("weft/authz/allow"), clock, limits)) {
      Decision d = authorizer.decide(REQUEST);

      assertThat(d.allowed()).isFalse();
      assertThat(d.reason())
          .isEqualTo(
              "denied: evaluating data.weft.authz.allow failed:"
                  + " eval_cancel_error: policy evaluation exceeded its deadline of 250ms");
    }
  }

  @Test
  void decisionsAreBoundedByDefault() throws Exception {
    current.set(Engine.snapshot("r1", LOOP, "{}"));

    Decision d = decide("weft/authz/allow");

    // 2,250,000 pairs: past the default budget, or past 250 ms on a slow machine.
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .startsWith(
            "denied: evaluating data.weft.authz.allow failed:"
                + " eval_cancel_error: policy evaluation exceeded its ");
  }

  /** A decision that visits 2,250,000 pairs of elements. */
  static final String LOOP =
      """
      package weft.authz

      allow if count([1 | some x in numbers.range(1, 1500); some y in numbers.range(1, 1500)]) > 0
      """;

  @Test
  void thePolicyReadsTheInjectedClock() throws Exception {
    current.set(Engine.snapshot("r1", "package weft.clock\n\nnow := time.now_ns()\n", "{}"));

    Decision d = decide("weft/clock/now");

    assertThat(d.result()).isEqualTo(NumberValue.of(clock.instant().toEpochMilli() * 1_000_000L));
  }
}
