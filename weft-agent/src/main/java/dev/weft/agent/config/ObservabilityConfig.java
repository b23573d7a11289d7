package dev.weft.agent.config;

import dev.weft.config.LogLevel;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code observability} section: logs, metrics and traces.
 *
 * <pre>{@code
 * observability:
 *   logging:
 *     level: "INFO"
 *     format: "json"
 *     default_fields: {cloud: "aws", region: "us-east-1"}
 *   metrics:
 *     enabled: true
 *     labels: {cloud: "aws"}
 *   tracing:
 *     enabled: true
 *     service_name: "aws-agent"
 *     otlp_endpoint: "http://otel-collector:4317"
 *     sample_ratio: 0.25
 * }</pre>
 *
 * @param logging the {@code logging} subsection
 * @param metrics the {@code metrics} subsection
 * @param tracing the {@code tracing} subsection
 */
public record ObservabilityConfig(Logging logging, Metrics metrics, Tracing tracing) {
  /** Nothing may be null. */
  public ObservabilityConfig {
    Objects.requireNonNull(logging, "logging");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(tracing, "tracing");
  }

  /**
   * Logging.
   *
   * @param level the lowest level logged (written in any case; weft-config's one log-level
   *     type); default {@link LogLevel#INFO}
   * @param format the line format; default {@link LogFormat#TEXT}
   * @param defaultFields fields added to every log line, in file order; default none
   */
  public record Logging(LogLevel level, LogFormat format, Map<String, String> defaultFields) {
    /** Copies the map, keeping its order; nothing may be null. */
    public Logging {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(format, "format");
      defaultFields = Collections.unmodifiableMap(new LinkedHashMap<>(defaultFields));
    }
  }

  /**
   * Metrics.
   *
   * @param enabled whether metrics are recorded and served; default true
   * @param labels labels added to every metric, in file order; default none
   */
  public record Metrics(boolean enabled, Map<String, String> labels) {
    /** Copies the map, keeping its order. */
    public Metrics {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  /**
   * Tracing.
   *
   * @param enabled whether spans are exported; default false
   * @param serviceName the {@code service.name} resource attribute; default {@code metadata.name}
   *     when written, else {@code weft-agent}
   * @param otlpEndpoint the OTLP collector's {@code http} or {@code https} URL; default none (the
   *     exporter's own default)
   * @param sampleRatio the fraction of new traces sampled, 0.0 to 1.0; default 1.0
   */
  public record Tracing(
      boolean enabled, String serviceName, Optional<URI> otlpEndpoint, double sampleRatio) {
    /** Nothing may be null. */
    public Tracing {
      Objects.requireNonNull(serviceName, "serviceName");
      Objects.requireNonNull(otlpEndpoint, "otlpEndpoint");
    }
  }

  /** Log line formats. */
  public enum LogFormat {
    /** {@code json}: one JSON object per line. */
    JSON,
    /** {@code text}: human-readable lines. */
    TEXT;

    /** The name in the file. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
