package dev.weft.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.policy.Decision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision cache: hits within the time to live, least recently used eviction, no errors. */
class OpaDecisionCacheTest extends OpaTestSupport {

  static final String GCP = "spiffe://gcp.company.com/agent/search";
  static final String AZURE = "spiffe://azure.company.com/agent/processor";
  static final String AWS = "spiffe://aws.company.com/agent/orchestrator";

  @Test
  void theSameInputIsAnsweredFromTheCacheUntilItsTimeToLiveEnds() throws Exception {
    try (OpaAuthorizer authorizer = authorizer(config().cacheTtl(Duration.ofSeconds(5)))) {
      Decision first = audited(authorizer, request(GCP, "search"));
      opa.answer(200, "{\"result\":false}");
      clock.advance(Duration.ofMillis(4999));
      Decision cached = audited(authorizer, request(GCP, "search"));

      assertThat(opa.received()).hasSize(1);
      assertThat(cached.allowed()).isTrue();
      assertThat(cached.reason()).isEqualTo(first.reason());
      assertThat(cached.decisionId()).isNotEqualTo(first.decisionId());

      clock.advance(Duration.ofMillis(1));
      Decision fresh = audited(authorizer, request(GCP, "search"));

      assertThat(opa.received()).hasSize(2);
      assertThat(fresh.allowed()).isFalse();
    }
    List<JsonNode> lines = logLines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).get("metrics").has("counter_decision_cache_hit")).isFalse();
    assertThat(lines.get(1).get("metrics").get("counter_decision_cache_hit").asLong()).isEqualTo(1);
    assertThat(lines.get(1).get("allowed").asBoolean()).isTrue();
  }

  @Test
  void anotherInputIsAskedFor() {
    try (OpaAuthorizer authorizer = authorizer(config())) {
      authorizer.decide(request(GCP, "search"));
      authorizer.decide(request(GCP, "process"));
    }
    assertThat(opa.received()).hasSize(2);
  }

  @Test
  void anUndefinedResultIsCachedToo() {
    opa.answer(200, "{}");
    try (OpaAuthorizer authorizer = authorizer(config())) {
      authorizer.decide(request(GCP, "search"));
      Decision cached = authorizer.decide(request(GCP, "search"));

      assertThat(cached.allowed()).isFalse();
      assertThat(cached.reason()).contains("the result is undefined");
    }
    assertThat(opa.received()).hasSize(1);
  }

  @Test
  void failuresAreNeverCached() {
    opa.answer(500, "{\"code\":\"internal_error\",\"message\":\"boom\"}");
    try (OpaAuthorizer authorizer = authorizer(config())) {
      Decision failed = authorizer.decide(request(GCP, "search"));
      opa.answer(200, "{\"result\":true}");
      Decision recovered = authorizer.decide(request(GCP, "search"));
      Decision cached = authorizer.decide(request(GCP, "search"));

      assertThat(failed.allowed()).isFalse();
      assertThat(recovered.allowed()).isTrue();
      assertThat(cached.allowed()).isTrue();
    }
    assertThat(opa.received()).hasSize(2);
  }

  @Test
  void theLeastRecentlyUsedEntryIsDroppedFirst() {
    try (OpaAuthorizer authorizer = authorizer(config().cacheMaxEntries(2))) {
      authorizer.decide(request(GCP, "search")); // ask 1: [gcp]
      authorizer.decide(request(AZURE, "process")); // ask 2: [gcp, azure]
      authorizer.decide(request(GCP, "search")); // hit: [azure, gcp]
      authorizer.decide(request(AWS, "search")); // ask 3: [gcp, aws], azure dropped
      assertThat(opa.received()).hasSize(3);

      authorizer.decide(request(GCP, "search")); // hit
      assertThat(opa.received()).hasSize(3);
      authorizer.decide(request(AZURE, "process")); // ask 4
      assertThat(opa.received()).hasSize(4);
    }
  }

  @Test
  void aCacheOfZeroEntriesIsOff() {
    try (OpaAuthorizer authorizer = authorizer(config().cacheMaxEntries(0))) {
      authorizer.decide(request(GCP, "search"));
      authorizer.decide(request(GCP, "search"));
    }
    assertThat(opa.received()).hasSize(2);
  }
}
