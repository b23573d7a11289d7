package dev.weft.agent.observability;

import dev.weft.agent.ErrorCode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The observer {@link Observability} builds: OpenTelemetry spans (when tracing is on) and
 * Micrometer metrics (when metrics are on). With tracing off, spans only carry W3C trace context,
 * as {@link CallObserver#noop()} does. Thread-safe; a span may be ended on another thread than the
 * one that started it.
 */
final class RecordingObserver implements CallObserver {

  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<String> PEER_TRUST_DOMAIN =
      AttributeKey.stringKey("weft.peer.trust_domain");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("weft.target.spiffe_id");
  static final AttributeKey<Long> JSONRPC_ERROR_CODE =
      AttributeKey.longKey("rpc.jsonrpc.error_code");
  static final AttributeKey<String> WEFT_ERROR = AttributeKey.stringKey("weft.error");

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  /** Reads a lone {@code traceparent} value as a carrier. */
  private static final TextMapGetter<String> TRACEPARENT =
      (carrier, key) -> carrier != null && "traceparent".equals(key) ? carrier.trim() : null;

  private final Tracer tracer; // null: tracing off
  private final AgentMetrics metrics; // null: metrics off
  private final io.micrometer.core.instrument.Clock clock;

  RecordingObserver(
      Tracer tracer, AgentMetrics metrics, io.micrometer.core.instrument.Clock clock) {
    this.tracer = tracer;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Span serverCall(String capability, String peerTrustDomain, String traceparent) {
    long start = clock.monotonicTime();
    io.opentelemetry.api.trace.Span span = null;
    Span context;
    if (tracer != null) {
      Context parent = W3C.extract(Context.root(), traceparent, TRACEPARENT);
      span =
          tracer
              .spanBuilder(capability)
              .setSpanKind(SpanKind.SERVER)
              .setParent(parent)
              .setAttribute(RPC_SYSTEM, "jsonrpc")
              .setAttribute(RPC_METHOD, capability)
              .setAttribute(PEER_TRUST_DOMAIN, peerTrustDomain)
              .startSpan();
      context = null;
    } else {
      context = CallObserver.noop().serverCall(capability, peerTrustDomain, traceparent);
    }
    return new ObservedSpan(
        span,
        context,
        start,
        (error, nanos) -> {
          if (metrics != null) {
            metrics.request(capability, peerTrustDomain, error, nanos);
          }
        });
  }

  /** Without {@code parentTraceparent} the span's parent is OpenTelemetry's current context. */
  @Override
  public Span clientCall(String target, String capability, String parentTraceparent) {
    long start = clock.monotonicTime();
    io.opentelemetry.api.trace.Span span = null;
    Span context;
    if (tracer != null) {
      Context parent =
          parentTraceparent == null
              ? Context.current()
              : W3C.extract(Context.root(), parentTraceparent, TRACEPARENT);
      span =
          tracer
              .spanBuilder(capability)
              .setSpanKind(SpanKind.CLIENT)
              .setParent(parent)
              .setAttribute(RPC_SYSTEM, "jsonrpc")
              .setAttribute(RPC_METHOD, capability)
              .setAttribute(TARGET, target)
              .startSpan();
      context = null;
    } else {
      context = CallObserver.noop().clientCall(target, capability, parentTraceparent);
    }
    return new ObservedSpan(
        span,
        context,
        start,
        (error, nanos) -> {
          if (metrics != null) {
            metrics.clientRequest(target, capability, nanos);
          }
        });
  }

  @Override
  public void authorization(String capability, boolean allowed, Duration latency) {
    if (metrics != null) {
      metrics.authorization(capability, allowed, latency);
    }
  }

  @Override
  public void connections(int delta) {
    if (metrics != null) {
      metrics.connections(delta);
    }
  }

  @Override
  public void breakerState(String target, String state) {
    int value =
        switch (state == null ? "" : state.toLowerCase(Locale.ROOT)) {
          case "closed" -> 0;
          case "half_open" -> 1;
          case "open" -> 2;
          default ->
              throw new IllegalArgumentException(
                  "state: " + state + " (expected: closed, half_open or open)");
        };
    if (metrics != null) {
      metrics.breakerState(target, value);
    }
  }

  @Override
  public void targetLatency(String target, Duration latency) {
    if (metrics != null) {
      metrics.targetLatency(target, latency);
    }
  }

  @Override
  public void requestRefused(Refusal reason) {
    if (metrics != null) {
      metrics.refused(reason.label());
    }
  }

  @Override
  public void connectionTimedOut(SlowPhase phase) {
    if (metrics != null) {
      metrics.timedOut(phase.label());
    }
  }

  @Override
  public void connectionRejected() {
    if (metrics != null) {
      metrics.connectionRejected();
    }
  }

  /** What closing a span records: its error (null when none) and its duration. */
  private interface OnEnd {
    void ended(ErrorCode error, long nanos);
  }

  /** A span: an OpenTelemetry span, or (tracing off) a context-only one. */
  private final class ObservedSpan implements Span {

    private final io.opentelemetry.api.trace.Span span; // null: tracing off
    private final String traceparent;
    private final String traceId;
    private final long start;
    private final OnEnd onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile ErrorCode error;

    ObservedSpan(io.opentelemetry.api.trace.Span span, Span context, long start, OnEnd onEnd) {
      this.span = span;
      this.start = start;
      this.onEnd = onEnd;
      if (span != null) {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.root().with(span), carrier, Map::put);
        this.traceparent = carrier.get("traceparent");
        this.traceId = span.getSpanContext().getTraceId();
      } else {
        this.traceparent = context.traceparent();
        this.traceId = context.traceId();
      }
    }

    @Override
    public String traceparent() {
      return traceparent;
    }

    @Override
    public String traceId() {
      return traceId;
    }

    @Override
    public void error(ErrorCode code) {
      error = Objects.requireNonNull(code, "code");
      if (span != null) {
        span.setStatus(StatusCode.ERROR, code.name());
        span.setAttribute(JSONRPC_ERROR_CODE, (long) code.jsonRpcCode());
        span.setAttribute(WEFT_ERROR, code.name());
      }
    }

    @Override
    public void close() {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      long nanos = clock.monotonicTime() - start;
      if (span != null) {
        span.end();
      }
      onEnd.ended(error, nanos);
    }
  }
}
