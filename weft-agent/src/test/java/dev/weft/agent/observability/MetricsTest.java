package dev.weft.agent.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.weft.agent.ErrorCode;
import dev.weft.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static final String LABELS = "cloud=\"aws\",region=\"us-east-1\"";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final Observability observability =
      Observability.builder(config(true, true)).clock(clock).build();
  private final CallObserver observer = observability.observer();

  @AfterEach
  void close() {
    observability.close();
  }

  static ObservabilityConfig config(boolean metrics, boolean tracing) {
    var labels = new LinkedHashMap<String, String>();
    labels.put("cloud", "aws");
    labels.put("region", "us-east-1");
    return new ObservabilityConfig(
        ObservabilityConfig.defaults().logging(),
        new ObservabilityConfig.Metrics(metrics, labels),
        new ObservabilityConfig.Tracing(tracing, "agent-a", Optional.empty(), 1.0));
  }

  /** Two served calls (one ok, one denied) and one call out, with durations from the clock. */
  private void simulateCalls() {
    try (var span = observer.serverCall("summarize", "example.org", null)) {
      clock.advance(Duration.ofMillis(30));
      var out = observer.clientCall("spiffe://other.org/agent/b", "translate", span.traceparent());
      clock.advance(Duration.ofMillis(200));
      out.close();
      clock.advance(Duration.ofMillis(20));
    }
    try (var span = observer.serverCall("summarize", "evil.org", null)) {
      clock.advance(Duration.ofMillis(7));
      span.error(ErrorCode.PERMISSION_DENIED);
    }
  }

  @Test
  void servedCallsCountByOutcomeAndErrorCodeWithCommonLabels() {
    simulateCalls();

    var samples = Exposition.samples(observability.scrape());

    assertThat(samples)
        .containsEntry(
            "weft_agent_requests_total{capability=\"summarize\",cloud=\"aws\","
                + "outcome=\"ok\",peer_trust_domain=\"example.org\",region=\"us-east-1\"}",
            1.0)
        .containsEntry(
            "weft_agent_requests_total{capability=\"summarize\",cloud=\"aws\","
                + "outcome=\"error\",peer_trust_domain=\"evil.org\",region=\"us-east-1\"}",
            1.0)
        .containsEntry(
            "weft_agent_request_errors_total{capability=\"summarize\","
                + "cloud=\"aws\",code=\"PERMISSION_DENIED\",peer_trust_domain=\"evil.org\","
                + "region=\"us-east-1\"}",
            1.0);
    assertThat(samples.keySet())
        .filteredOn(k -> k.startsWith("weft_agent_request_errors_total"))
        .hasSize(1);
  }

  @Test
  void durationsAreHistogramsInSeconds() {
    simulateCalls();

    var samples = Exposition.samples(observability.scrape());

    String ok =
        "capability=\"summarize\",cloud=\"aws\",peer_trust_domain=\"example.org\","
            + "region=\"us-east-1\"";
    assertThat(samples.get("weft_agent_request_duration_seconds_count{" + ok + "}")).isEqualTo(1.0);
    assertThat(samples.get("weft_agent_request_duration_seconds_sum{" + ok + "}"))
        .isCloseTo(0.25, within(1e-9));
    assertThat(samples.get("weft_agent_request_duration_seconds_bucket{" + ok + ",le=\"0.1\"}"))
        .isEqualTo(0.0);
    assertThat(samples.get("weft_agent_request_duration_seconds_bucket{" + ok + ",le=\"0.25\"}"))
        .isEqualTo(1.0);
    assertThat(samples.get("weft_agent_request_duration_seconds_bucket{" + ok + ",le=\"+Inf\"}"))
        .isEqualTo(1.0);

    String client =
        "capability=\"translate\",cloud=\"aws\",region=\"us-east-1\","
            + "target=\"spiffe://other.org/agent/b\"";
    assertThat(samples.get("weft_agent_client_request_duration_seconds_count{" + client + "}"))
        .isEqualTo(1.0);
    assertThat(samples.get("weft_agent_client_request_duration_seconds_sum{" + client + "}"))
        .isCloseTo(0.2, within(1e-9));
    assertThat(
            samples.get(
                "weft_agent_client_request_duration_seconds_bucket{" + client + ",le=\"0.1\"}"))
        .isEqualTo(0.0);
    assertThat(
            samples.get(
                "weft_agent_client_request_duration_seconds_bucket{" + client + ",le=\"0.25\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void authorizationDecisionsAndTheirDurations() {
    observer.authorization("summarize", true, Duration.ofNanos(300_000));
    observer.authorization("summarize", true, Duration.ofMillis(2));
    observer.authorization("summarize", false, Duration.ofNanos(400_000));

    var samples = Exposition.samples(observability.scrape());

    assertThat(samples)
        .containsEntry(
            "weft_agent_authorization_decisions_total{capability=\"summarize\","
                + "cloud=\"aws\",decision=\"allow\",region=\"us-east-1\"}",
            2.0)
        .containsEntry(
            "weft_agent_authorization_decisions_total{capability=\"summarize\","
                + "cloud=\"aws\",decision=\"deny\",region=\"us-east-1\"}",
            1.0)
        .containsEntry("weft_agent_authorization_duration_seconds_count{" + LABELS + "}", 3.0)
        .containsEntry(
            "weft_agent_authorization_duration_seconds_bucket{" + LABELS + ",le=\"5.0E-4\"}", 2.0)
        .containsEntry(
            "weft_agent_authorization_duration_seconds_bucket{" + LABELS + ",le=\"0.0025\"}", 3.0);
    assertThat(samples.get("weft_agent_authorization_duration_seconds_sum{" + LABELS + "}"))
        .isCloseTo(0.0027, within(1e-9));
  }

  @Test
  void gaugesFollowConnectionsBreakersAndTargetLatency() {
    observer.connections(1);
    observer.connections(1);
    observer.connections(1);
    observer.connections(-1);
    observer.breakerState("spiffe://other.org/agent/b", "open");
    observer.breakerState("spiffe://other.org/agent/b", "half_open");
    observer.breakerState("spiffe://third.org/agent/c", "open");
    observer.breakerState("spiffe://fourth.org/agent/d", "closed");
    observer.targetLatency("spiffe://other.org/agent/b", Duration.ofMillis(120));
    observer.targetLatency("spiffe://other.org/agent/b", Duration.ofMillis(80));

    var samples = Exposition.samples(observability.scrape());

    assertThat(samples)
        .containsEntry("weft_agent_active_connections{" + LABELS + "}", 2.0)
        .containsEntry(
            "weft_agent_circuit_breaker_state{"
                + LABELS
                + ",target=\"spiffe://other.org/agent/b\"}",
            1.0)
        .containsEntry(
            "weft_agent_circuit_breaker_state{"
                + LABELS
                + ",target=\"spiffe://third.org/agent/c\"}",
            2.0)
        .containsEntry(
            "weft_agent_circuit_breaker_state{"
                + LABELS
                + ",target=\"spiffe://fourth.org/agent/d\"}",
            0.0)
        .containsEntry(
            "weft_agent_target_latency_seconds{"
                + LABELS
                + ",target=\"spiffe://other.org/agent/b\"}",
            0.08);
  }

  @Test
  void anUnknownBreakerStateIsRejectedAndChangesNothing() {
    observer.breakerState("spiffe://other.org/agent/b", "open");

    assertThatThrownBy(() -> observer.breakerState("spiffe://other.org/agent/b", "ajar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state: ajar (expected: closed, half_open or open)");
    assertThatThrownBy(() -> observer.breakerState("spiffe://new.org/agent/x", "ajar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state: ajar (expected: closed, half_open or open)");

    var samples = Exposition.samples(observability.scrape());
    assertThat(samples)
        .containsEntry(
            "weft_agent_circuit_breaker_state{"
                + LABELS
                + ",target=\"spiffe://other.org/agent/b\"}",
            2.0);
    assertThat(samples.keySet()).noneMatch(k -> k.contains("new.org"));
  }

  @Test
  void closingASpanTwiceCountsTheCallOnce() {
    var span = observer.serverCall("summarize", "example.org", null);
    span.close();
    span.close();

    assertThat(Exposition.samples(observability.scrape()))
        .containsEntry(
            "weft_agent_requests_total{capability=\"summarize\",cloud=\"aws\","
                + "outcome=\"ok\",peer_trust_domain=\"example.org\",region=\"us-east-1\"}",
            1.0);
  }

  @Test
  void metricsOffScrapeNothingButTraceContextStillPropagates() {
    try (var off = Observability.builder(config(false, false)).clock(clock).build()) {
      String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
      try (var span = off.observer().serverCall("summarize", "example.org", incoming)) {
        assertThat(span.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceContext.traceId(span.traceparent()))
            .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(span.traceparent()).doesNotContain("00f067aa0ba902b7");
        span.error(ErrorCode.INTERNAL);
      }
      off.observer().authorization("summarize", true, Duration.ofMillis(1));
      off.observer().connections(1);
      off.observer().breakerState("spiffe://other.org/agent/b", "open");
      off.observer().targetLatency("spiffe://other.org/agent/b", Duration.ofMillis(1));

      assertThat(off.scrape()).isEmpty();
    }
  }

  @Test
  void everyMetricHasHelpAndType() {
    simulateCalls();
    observer.authorization("summarize", true, Duration.ofMillis(1));
    observer.breakerState("spiffe://other.org/agent/b", "open");
    observer.targetLatency("spiffe://other.org/agent/b", Duration.ofMillis(1));

    String text = observability.scrape();

    assertThat(text)
        .contains("# TYPE weft_agent_requests_total counter")
        .contains("# TYPE weft_agent_request_errors_total counter")
        .contains("# TYPE weft_agent_request_duration_seconds histogram")
        .contains("# TYPE weft_agent_client_request_duration_seconds histogram")
        .contains("# TYPE weft_agent_authorization_decisions_total counter")
        .contains("# TYPE weft_agent_authorization_duration_seconds histogram")
        .contains("# TYPE weft_agent_active_connections gauge")
        .contains("# TYPE weft_agent_circuit_breaker_state gauge")
        .contains("# TYPE weft_agent_target_latency_seconds gauge")
        .contains(
            "# HELP weft_agent_circuit_breaker_state Circuit breaker state per target: "
                + "0 closed, 1 half_open, 2 open");
  }
}
