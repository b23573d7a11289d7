package dev.weft.agent.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An agent's metrics and traces, built from its {@link ObservabilityConfig}: a {@link CallObserver}
 * for the server and the client, and the Prometheus text for {@code /metrics}. Nothing is
 * registered globally (no {@code GlobalOpenTelemetry}, no global meter registry), so several agents
 * may run in one process. Thread-safe. Close it when the agent stops: that exports the spans still
 * buffered.
 *
 * <pre>{@code
 * try (var observability = Observability.create(config)) {
 *   CallObserver observer = observability.observer();
 *   ...
 *   String body = observability.scrape(); // GET /metrics, Content-Type: CONTENT_TYPE
 * }
 * }</pre>
 */
public final class Observability implements AutoCloseable {

  /** The {@code Content-Type} of {@link #scrape()}: Prometheus text exposition 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** The instrumentation scope name of Weft's spans. */
  public static final String INSTRUMENTATION_SCOPE = "dev.weft.agent";

  private final ObservabilityConfig config;
  private final AgentMetrics metrics; // null: metrics off
  private final SdkTracerProvider tracerProvider; // null: tracing off
  private final CallObserver observer;

  private Observability(
      ObservabilityConfig config,
      AgentMetrics metrics,
      SdkTracerProvider tracerProvider,
      io.micrometer.core.instrument.Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.tracerProvider = tracerProvider;
    this.observer =
        new RecordingObserver(
            tracerProvider == null ? null : tracerProvider.get(INSTRUMENTATION_SCOPE),
            metrics,
            clock);
  }

  /** Builds from {@code config}: spans go to the OTLP endpoint when one is set, else nowhere. */
  public static Observability create(ObservabilityConfig config) {
    return builder(config).build();
  }

  /** A builder, for a span exporter or a clock of one's own (tests). */
  public static Builder builder(ObservabilityConfig config) {
    return new Builder(Objects.requireNonNull(config, "config"));
  }

  /** The observer to give the agent's server and client. */
  public CallObserver observer() {
    return observer;
  }

  /** The configuration this was built from. */
  public ObservabilityConfig config() {
    return config;
  }

  /**
   * The metrics in the Prometheus text exposition format ({@link #CONTENT_TYPE}); empty when
   * metrics are off.
   */
  public String scrape() {
    return metrics == null ? "" : metrics.scrape();
  }

  /** Exports the spans still buffered (waiting up to 10 seconds), then stops recording. */
  @Override
  public void close() {
    if (tracerProvider != null) {
      tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  /** Builds an {@link Observability}. Not thread-safe. */
  public static final class Builder {

    private final ObservabilityConfig config;
    private SpanExporter spanExporter;
    private Clock clock;

    private Builder(ObservabilityConfig config) {
      this.config = config;
    }

    /**
     * Sends spans to {@code exporter} instead of the configured OTLP endpoint, each as it ends
     * (synchronously: meant for tests and in-process exporters). Ignored when tracing is off.
     */
    public Builder spanExporter(SpanExporter exporter) {
      this.spanExporter = Objects.requireNonNull(exporter, "exporter");
      return this;
    }

    /**
     * Reads span timestamps and call durations from {@code clock} (default: the libraries' system
     * clocks, monotonic for durations).
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds it; an OTLP exporter, when configured, is created here (it connects lazily). */
    public Observability build() {
      var micrometerClock =
          clock == null ? io.micrometer.core.instrument.Clock.SYSTEM : Clocks.micrometer(clock);
      AgentMetrics metrics =
          config.metrics().enabled()
              ? new AgentMetrics(config.metrics().labels(), micrometerClock)
              : null;
      SdkTracerProvider provider = config.tracing().enabled() ? tracerProvider() : null;
      return new Observability(config, metrics, provider, micrometerClock);
    }

    private SdkTracerProvider tracerProvider() {
      var tracing = config.tracing();
      AttributesBuilder attributes =
          Attributes.builder().put(AttributeKey.stringKey("service.name"), tracing.serviceName());
      config.metrics().labels().forEach((k, v) -> attributes.put(AttributeKey.stringKey(k), v));
      SdkTracerProviderBuilder builder =
          SdkTracerProvider.builder()
              .setResource(Resource.getDefault().merge(Resource.create(attributes.build())))
              .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(tracing.sampleRatio())));
      if (clock != null) {
        builder.setClock(Clocks.openTelemetry(clock));
      }
      if (spanExporter != null) {
        builder.addSpanProcessor(SimpleSpanProcessor.create(spanExporter));
      } else if (tracing.otlpEndpoint().isPresent()) {
        builder.addSpanProcessor(
            BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder()
                        .setEndpoint(tracesUrl(tracing.otlpEndpoint().get()))
                        .build())
                .build());
      } else {
        // Without a processor the SDK hands out non-recording spans that reuse the caller's span
        // id; spans need ids of their own (and the sampling decision) even when not exported.
        builder.addSpanProcessor(
            new SpanProcessor() {
              @Override
              public void onStart(Context parentContext, ReadWriteSpan span) {}

              @Override
              public boolean isStartRequired() {
                return false;
              }

              @Override
              public void onEnd(ReadableSpan span) {}

              @Override
              public boolean isEndRequired() {
                return false;
              }
            });
      }
      return builder.build();
    }
  }

  /** An endpoint without a path gets OTLP/HTTP's {@code /v1/traces}; otherwise used as given. */
  static String tracesUrl(URI endpoint) {
    String path = endpoint.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return endpoint.resolve("/v1/traces").toString();
    }
    return endpoint.toString();
  }
}
