package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.testing.MutableClock;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decision point decides and audits: one log entry for every decision it returns. */
class DecisionPointTest {

  static final DecisionPath POLICY = DecisionPath.parse("weft/agent/policy");
  static final DecisionPath TRUST_DOMAIN = DecisionPath.parse("weft/agent/trust_domain");
  static final AuthorizationRequest REQUEST =
      AuthorizationRequest.builder(
              SpiffeId.parse("spiffe://b.org/agent/orchestrator"),
              SpiffeId.parse("spiffe://a.org/agent/search"),
              "search")
          .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
          .build();
  static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = MutableClock.startingNow();
  final StringWriter out = new StringWriter();
  final DecisionLog log = DecisionLog.jsonLines(out, List.of());

  @AfterEach
  void closeLog() throws Exception {
    log.close();
  }

  List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  /** An authorizer that answers {@code decision} and counts its calls. */
  static final class Fixed implements Authorizer {
    final Decision decision;
    int calls;

    Fixed(Decision decision) {
      this.decision = decision;
    }

    @Override
    public Decision decide(AuthorizationRequest request) {
      calls++;
      return decision;
    }

    @Override
    public void close() {}
  }

  @Test
  void aPolicyDecisionIsAskedOnceAndAuditedOnceUnderThePathGiven() throws Exception {
    Decision answer =
        new Decision(
            true,
            "allowed by weft/authz",
            BooleanValue.TRUE,
            "r7",
            Duration.ofNanos(1500),
            "id-1",
            Map.of("timer_rego_query_eval_ns", 1000L));
    Fixed authorizer = new Fixed(answer);

    Decision d = DecisionPoint.create(authorizer, log, clock).decide(POLICY, REQUEST);

    assertThat(d).isSameAs(answer);
    assertThat(authorizer.calls).isEqualTo(1);
    assertThat(lines()).hasSize(1);
    JsonNode line = lines().getFirst();
    assertThat(line.get("decision_id").asText()).isEqualTo("id-1");
    assertThat(line.get("timestamp").asText()).isEqualTo(clock.instant().toString());
    assertThat(line.get("path").asText()).isEqualTo("weft/agent/policy");
    assertThat(line.get("allowed").asBoolean()).isTrue();
    assertThat(line.get("reason").asText()).isEqualTo("allowed by weft/authz");
    assertThat(line.get("result").asBoolean()).isTrue();
    assertThat(line.get("revision").asText()).isEqualTo("r7");
    assertThat(line.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.at("/input/action").asText()).isEqualTo("search");
    assertThat(line.get("metrics"))
        .isEqualTo(
            JSON.readTree(
                "{\"timer_rego_query_eval_ns\": 1000, \"timer_server_handler_ns\": 1500}"));
  }

  @Test
  void aDenyIsAuditedToo() throws Exception {
    DecisionPoint decisions =
        DecisionPoint.create(Authorizer.denyAll("no authorizer is configured"), log, clock);

    Decision d = decisions.decide(POLICY, REQUEST);

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("denied: no authorizer is configured");
    JsonNode line = lines().getFirst();
    assertThat(lines()).hasSize(1);
    assertThat(line.get("decision_id").asText()).isEqualTo(d.decisionId());
    assertThat(line.get("allowed").asBoolean()).isFalse();
    assertThat(line.get("result").asBoolean()).isFalse();
    assertThat(line.get("reason").asText()).isEqualTo("denied: no authorizer is configured");
  }

  @Test
  void anAuthorizerThatThrowsDeniesAndTheDenyIsAudited() throws Exception {
    Authorizer broken =
        new Authorizer() {
          @Override
          public Decision decide(AuthorizationRequest request) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void close() {}
        };

    Decision d = DecisionPoint.create(broken, log, clock).decide(POLICY, REQUEST);

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo("denied: the authorizer failed: java.lang.IllegalStateException: boom");
    assertThat(lines()).hasSize(1);
    assertThat(lines().getFirst().get("allowed").asBoolean()).isFalse();
    assertThat(lines().getFirst().has("result")).isFalse();
  }

  @Test
  void aGuardDecisionCarriesItsAnswerAsResultAndTheHashOfItsRuleAsRevision() throws Exception {
    Guard domains =
        Guard.of(
            TRUST_DOMAIN,
            "[a.org]",
            r ->
                r.caller().trustDomain().name().equals("a.org")
                    ? Guard.Verdict.allow("trust domain a.org is allowed")
                    : Guard.Verdict.deny(
                        "trust domain "
                            + r.caller().trustDomain()
                            + " is not one of"
                            + " [a.org]"));
    DecisionPoint decisions = DecisionPoint.create(Authorizer.allowAll("test"), log, clock);

    Decision d = decisions.check(domains, REQUEST);

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("trust domain b.org is not one of [a.org]");
    assertThat(d.revision()).isEqualTo(sha256Prefix("[a.org]")).hasSize(16);
    assertThat(domains.revision()).isEqualTo(d.revision());
    assertThat(lines()).hasSize(1);
    JsonNode line = lines().getFirst();
    assertThat(line.get("path").asText()).isEqualTo("weft/agent/trust_domain");
    assertThat(line.get("result").asBoolean()).isFalse();
    assertThat(line.get("allowed").asBoolean()).isFalse();
    assertThat(line.get("revision").asText()).isEqualTo(sha256Prefix("[a.org]"));
    assertThat(line.get("decision_id").asText()).isEqualTo(d.decisionId());
  }

  @Test
  void aGuardThatAdmitsIsAuditedWithItsReason() throws Exception {
    Guard any = Guard.of(TRUST_DOMAIN, "any", r -> Guard.Verdict.allow("anyone may call"));

    Decision d = DecisionPoint.create(Authorizer.allowAll("test"), log, clock).check(any, REQUEST);

    assertThat(d.allowed()).isTrue();
    assertThat(lines()).hasSize(1);
    assertThat(lines().getFirst().get("reason").asText()).isEqualTo("anyone may call");
    assertThat(lines().getFirst().get("result").asBoolean()).isTrue();
  }

  @Test
  void aGuardThatThrowsDenies() throws Exception {
    Guard broken =
        Guard.of(
            TRUST_DOMAIN,
            "x",
            r -> {
              throw new IllegalStateException("boom");
            });

    Decision d =
        DecisionPoint.create(Authorizer.allowAll("test"), log, clock).check(broken, REQUEST);

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason())
        .isEqualTo("denied: the guard failed: java.lang.IllegalStateException: boom");
    assertThat(lines()).hasSize(1);
  }

  @Test
  void aLogThatFailsLeavesTheDecisionStanding() {
    DecisionLog failing =
        new DecisionLog() {
          @Override
          public void record(Entry entry) {
            throw new IllegalStateException("disk full");
          }

          @Override
          public void close() {}
        };

    Decision d =
        DecisionPoint.create(Authorizer.allowAll("test"), failing, clock).decide(POLICY, REQUEST);

    assertThat(d.allowed()).isTrue();
  }

  @Test
  void allowAllAndDenyAllSayWhyAndAnswerTheirResult() {
    try (Authorizer allow = Authorizer.allowAll("no outbound policy");
        Authorizer deny = Authorizer.denyAll("no policy configured (default_policy: deny_all)")) {
      Decision allowed = allow.decide(REQUEST);
      Decision denied = deny.decide(REQUEST);

      assertThat(allowed.allowed()).isTrue();
      assertThat(allowed.reason()).isEqualTo("allowed: no outbound policy");
      assertThat(allowed.result()).isEqualTo(BooleanValue.TRUE);
      assertThat(denied.allowed()).isFalse();
      assertThat(denied.reason())
          .isEqualTo("denied: no policy configured (default_policy: deny_all)");
      assertThat(denied.result()).isEqualTo(BooleanValue.FALSE);
      assertThat(denied.decisionId()).isNotEqualTo(deny.decide(REQUEST).decisionId());
    }
  }

  private static String sha256Prefix(String text) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, 16);
  }
}
