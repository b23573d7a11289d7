package dev.weft.agent.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.ErrorCode;
import dev.weft.testing.MutableClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";
  private static final String INCOMING = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final Observability observability = observability("agent-a", 1.0);
  private final CallObserver observer = observability.observer();

  @AfterEach
  void close() {
    observability.close();
  }

  private Observability observability(String service, double ratio) {
    return observability(service, ratio, exporter);
  }

  private Observability observability(String service, double ratio, InMemorySpanExporter exporter) {
    return Observability.builder(
            new ObservabilityConfig(
                ObservabilityConfig.defaults().logging(),
                new ObservabilityConfig.Metrics(true, Map.of("cloud", "aws")),
                new ObservabilityConfig.Tracing(true, service, Optional.empty(), ratio)))
        .spanExporter(exporter)
        .clock(clock)
        .build();
  }

  @Test
  void aServerSpanContinuesTheIncomingTraceparent() {
    String traceparent;
    try (var span = observer.serverCall("summarize", "example.org", INCOMING)) {
      clock.advance(Duration.ofMillis(250));
      traceparent = span.traceparent();
      assertThat(span.traceId()).isEqualTo(TRACE_ID);
    }

    SpanData span = single();
    assertThat(span.getName()).isEqualTo("summarize");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(span.getParentSpanContext().isRemote()).isTrue();
    assertThat(span.getSpanId()).isNotEqualTo(CALLER_SPAN);
    assertThat(traceparent).isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
    assertThat(span.getAttributes().asMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                AttributeKey.stringKey("rpc.system"), "jsonrpc",
                AttributeKey.stringKey("rpc.method"), "summarize",
                AttributeKey.stringKey("weft.peer.trust_domain"), "example.org"));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
        .isEqualTo(Duration.ofMillis(250).toNanos());
    assertThat(span.getStartEpochNanos())
        .isEqualTo(Instant.parse("2026-03-01T12:00:00Z").getEpochSecond() * 1_000_000_000L);
    assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
        .isEqualTo("agent-a");
    assertThat(span.getResource().getAttribute(AttributeKey.stringKey("cloud"))).isEqualTo("aws");
    assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("dev.weft.agent");
  }

  @Test
  void withoutAValidTraceparentAServerSpanStartsANewTrace() {
    for (String bad :
        new String[] {
          null,
          "",
          "garbage",
          "00-00000000000000000000000000000000-" + CALLER_SPAN + "-01",
          "00-" + TRACE_ID + "-0000000000000000-01"
        }) {
      try (var span = observer.serverCall("summarize", "example.org", bad)) {
        assertThat(span.traceId()).isNotEqualTo(TRACE_ID).hasSize(32);
      }
    }

    assertThat(exporter.getFinishedSpanItems())
        .hasSize(5)
        .allSatisfy(
            span -> {
              assertThat(span.getParentSpanContext().isValid()).isFalse();
              assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
            });
    assertThat(exporter.getFinishedSpanItems().stream().map(SpanData::getTraceId).distinct())
        .hasSize(5);
  }

  @Test
  void aClientSpanIsAChildOfTheServerSpan() {
    String serverSpanId;
    String sent;
    try (var server = observer.serverCall("summarize", "example.org", INCOMING)) {
      var client =
          observer.clientCall("spiffe://other.org/agent/b", "translate", server.traceparent());
      sent = client.traceparent();
      client.close();
      serverSpanId = server.traceparent().substring(36, 52);
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(2);
    SpanData client = spans.get(0);
    assertThat(client.getName()).isEqualTo("translate");
    assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(client.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(client.getParentSpanId()).isEqualTo(serverSpanId);
    assertThat(sent).isEqualTo("00-" + TRACE_ID + "-" + client.getSpanId() + "-01");
    assertThat(client.getAttributes().asMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                AttributeKey.stringKey("rpc.system"), "jsonrpc",
                AttributeKey.stringKey("rpc.method"), "translate",
                AttributeKey.stringKey("weft.target.spiffe_id"), "spiffe://other.org/agent/b"));
    assertThat(spans.get(1).getSpanId()).isEqualTo(serverSpanId);
  }

  @Test
  void threeHopsAcrossThreeAgentsMakeOneTrace() {
    // Agents A, B and C, each with its own observer, service name and exporter.
    var exporterB = InMemorySpanExporter.create();
    var exporterC = InMemorySpanExporter.create();
    List<SpanData> spans = new ArrayList<>();
    try (var b = observability("agent-b", 1.0, exporterB);
        var c = observability("agent-c", 1.0, exporterC)) {
      try (var atA = observer.serverCall("plan", "example.org", null)) {
        var aToB = observer.clientCall("spiffe://b.org/agent", "summarize", atA.traceparent());
        try (var atB = b.observer().serverCall("summarize", "a.org", aToB.traceparent())) {
          var bToC =
              b.observer().clientCall("spiffe://c.org/agent", "translate", atB.traceparent());
          var atC = c.observer().serverCall("translate", "b.org", bToC.traceparent());
          clock.advance(Duration.ofMillis(5));
          atC.close();
          bToC.close();
        }
        aToB.close();
      }
      spans.addAll(exporterC.getFinishedSpanItems());
      spans.addAll(exporterB.getFinishedSpanItems());
      spans.addAll(exporter.getFinishedSpanItems());
    }

    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactly("translate", "translate", "summarize", "summarize", "plan");
    SpanData atC = spans.get(0);
    SpanData bToC = spans.get(1);
    SpanData atB = spans.get(2);
    SpanData aToB = spans.get(3);
    SpanData atA = spans.get(4);
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(atA.getTraceId());
    assertThat(atA.getParentSpanContext().isValid()).isFalse();
    assertThat(aToB.getParentSpanId()).isEqualTo(atA.getSpanId());
    assertThat(atB.getParentSpanId()).isEqualTo(aToB.getSpanId());
    assertThat(bToC.getParentSpanId()).isEqualTo(atB.getSpanId());
    assertThat(atC.getParentSpanId()).isEqualTo(bToC.getSpanId());
    assertThat(spans)
        .extracting(SpanData::getKind)
        .containsExactly(
            SpanKind.SERVER, SpanKind.CLIENT, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.SERVER);
    assertThat(spans)
        .extracting(s -> s.getResource().getAttribute(AttributeKey.stringKey("service.name")))
        .containsExactly("agent-c", "agent-b", "agent-b", "agent-a", "agent-a");
  }

  @Test
  void aFailedCallHasErrorStatusWithItsCode() {
    try (var server = observer.serverCall("summarize", "evil.org", INCOMING)) {
      server.error(ErrorCode.PERMISSION_DENIED);
      var client =
          observer.clientCall("spiffe://other.org/agent/b", "translate", server.traceparent());
      client.error(ErrorCode.DEADLINE_EXCEEDED);
      client.close();
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData client = spans.get(0);
    SpanData server = spans.get(1);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.getStatus().getDescription()).isEqualTo("PERMISSION_DENIED");
    assertThat(server.getAttributes().get(AttributeKey.longKey("rpc.jsonrpc.error_code")))
        .isEqualTo(-32011L);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("weft.error")))
        .isEqualTo("PERMISSION_DENIED");
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getStatus().getDescription()).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(client.getAttributes().get(AttributeKey.longKey("rpc.jsonrpc.error_code")))
        .isEqualTo(-32012L);
  }

  @Test
  void aSpanClosedTwiceIsExportedOnce() {
    var span = observer.serverCall("summarize", "example.org", INCOMING);
    span.close();
    span.close();

    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void unsampledNewTracesAreNotExportedButAnIncomingSampledFlagIsFollowed() {
    try (var never = observability("agent-z", 0.0)) {
      try (var span = never.observer().serverCall("summarize", "example.org", null)) {
        assertThat(span.traceparent()).startsWith("00-" + span.traceId() + "-");
        assertThat(sampled(span.traceparent())).isFalse();
      }
      assertThat(exporter.getFinishedSpanItems()).isEmpty();

      try (var span = never.observer().serverCall("summarize", "example.org", INCOMING)) {
        assertThat(sampled(span.traceparent())).isTrue();
      }
      assertThat(exporter.getFinishedSpanItems())
          .singleElement()
          .satisfies(s -> assertThat(s.getTraceId()).isEqualTo(TRACE_ID));
    }
  }

  @Test
  void tracingOffExportsNothingButPropagatesTheTraceId() {
    try (var off =
        Observability.builder(
                new ObservabilityConfig(
                    ObservabilityConfig.defaults().logging(),
                    new ObservabilityConfig.Metrics(true, Map.of()),
                    new ObservabilityConfig.Tracing(false, "agent-a", Optional.empty(), 1.0)))
            .spanExporter(exporter)
            .clock(clock)
            .build()) {
      try (var server = off.observer().serverCall("summarize", "example.org", INCOMING)) {
        var client =
            off.observer()
                .clientCall("spiffe://other.org/agent/b", "translate", server.traceparent());
        assertThat(server.traceId()).isEqualTo(TRACE_ID);
        assertThat(client.traceId()).isEqualTo(TRACE_ID);
        assertThat(client.traceparent())
            .startsWith("00-" + TRACE_ID + "-")
            .isNotEqualTo(server.traceparent());
        client.close();
      }
      assertThat(Exposition.samples(off.scrape()))
          .containsEntry(
              "weft_agent_requests_total{capability=\"summarize\",outcome=\"ok\","
                  + "peer_trust_domain=\"example.org\"}",
              1.0);
    }
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  /** The sampled bit of a traceparent's flags. */
  private static boolean sampled(String traceparent) {
    return (Integer.parseInt(traceparent.substring(53, 55), 16) & 1) == 1;
  }

  private SpanData single() {
    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
    return exporter.getFinishedSpanItems().getFirst();
  }
}
