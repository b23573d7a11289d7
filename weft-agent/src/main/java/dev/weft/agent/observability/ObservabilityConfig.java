package dev.weft.agent.observability;

import dev.weft.config.LogLevel;
import dev.weft.identity.text.Quotes;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An agent's logs, metrics and traces: the {@code observability} section of its configuration,
 * which the configuration reader builds directly, and what {@link Observability} is built from.
 * Validated at creation; an argument error names the field under {@code observability}, the bad
 * value and what is expected, e.g. {@code tracing.sample_ratio: 1.5 (expected: 0.0 to 1.0)}.
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
 *     otlp_endpoint: "http://otel-collector:4318"
 *     sample_ratio: 0.25
 * }</pre>
 *
 * <p>The defaults ({@link #defaults()}), the same for a configuration file that leaves a key out:
 * INFO text logs without default fields; metrics on, without extra labels; tracing off (service
 * name {@code weft-agent}, no export, every new trace sampled). Trace context propagates whether
 * tracing is on or off.
 *
 * @param logging {@code logging}
 * @param metrics {@code metrics}
 * @param tracing {@code tracing}
 */
public record ObservabilityConfig(Logging logging, Metrics metrics, Tracing tracing) {

  /** The default service name of spans, when the configuration names none. */
  public static final String DEFAULT_SERVICE_NAME = "weft-agent";

  /** Nothing may be null. */
  public ObservabilityConfig {
    Objects.requireNonNull(logging, "logging");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(tracing, "tracing");
  }

  /** The defaults: see the class comment. */
  public static ObservabilityConfig defaults() {
    return new ObservabilityConfig(
        new Logging(LogLevel.INFO, LogFormat.TEXT, Map.of()),
        new Metrics(true, Map.of()),
        new Tracing(false, DEFAULT_SERVICE_NAME, Optional.empty(), 1.0));
  }

  /**
   * {@code logging}: what the agent runtime (not the SDK, which logs through slf4j alone) sets up.
   *
   * @param level {@code level}: the lowest level logged; default {@link LogLevel#INFO}
   * @param format {@code format}: the line format; default {@link LogFormat#TEXT}
   * @param defaultFields {@code default_fields}: fields on every JSON line (for example cloud and
   *     region), in order; default none
   */
  public record Logging(LogLevel level, LogFormat format, Map<String, String> defaultFields) {
    /** Validates the fields and copies them, keeping their order. */
    public Logging {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(format, "format");
      defaultFields = copy(defaultFields, "logging.default_fields");
    }
  }

  /**
   * {@code metrics}.
   *
   * @param enabled {@code enabled}: whether metrics are recorded and served (default true); when
   *     false {@link Observability#scrape()} answers an empty exposition
   * @param labels {@code labels}: labels added to every metric (for example cloud and region), in
   *     order; default none. Names are Prometheus label names other than the ones Weft's metrics
   *     use
   */
  public record Metrics(boolean enabled, Map<String, String> labels) {

    /** Label names Weft's own metrics use, which common labels may not take. */
    static final Set<String> RESERVED =
        Set.of(
            "capability",
            "peer_trust_domain",
            "outcome",
            "code",
            "target",
            "decision",
            "reason",
            "phase",
            "le",
            "quantile");

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Validates the labels and copies them, keeping their order. */
    public Metrics {
      labels = copy(labels, "metrics.labels");
      for (String name : labels.keySet()) {
        if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
          throw new IllegalArgumentException(
              "metrics.labels: "
                  + name
                  + " (expected: a Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
        }
        if (RESERVED.contains(name)) {
          throw new IllegalArgumentException(
              "metrics.labels: "
                  + name
                  + " (expected: a label name other than "
                  + String.join(", ", new TreeSet<>(RESERVED))
                  + ")");
        }
      }
    }
  }

  /**
   * {@code tracing}.
   *
   * @param enabled {@code enabled}: whether spans are recorded (default false)
   * @param serviceName {@code service_name}: the OpenTelemetry {@code service.name}; default {@code
   *     metadata.name} when the configuration file has one, else {@value #DEFAULT_SERVICE_NAME}
   * @param otlpEndpoint {@code otlp_endpoint}: an {@code http} or {@code https} URL where spans are
   *     exported with OTLP/HTTP; an endpoint without a path gets {@code /v1/traces}. Default none:
   *     no export
   * @param sampleRatio {@code sample_ratio}: the share of new traces sampled, 0.0 to 1.0 (default
   *     1.0); a trace continued from a caller follows the caller's sampled flag
   */
  public record Tracing(
      boolean enabled, String serviceName, Optional<URI> otlpEndpoint, double sampleRatio) {

    /** Validates the fields. */
    public Tracing {
      if (serviceName == null || serviceName.isBlank()) {
        throw new IllegalArgumentException(
            "tracing.service_name: " + quote(serviceName) + " (expected: a non-empty name)");
      }
      Objects.requireNonNull(otlpEndpoint, "otlpEndpoint");
      if (otlpEndpoint.isPresent()) {
        URI uri = otlpEndpoint.get();
        String scheme = uri.getScheme();
        if (scheme == null
            || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              "tracing.otlp_endpoint: "
                  + uri
                  + " (expected: an http or https URL such as http://127.0.0.1:4318)");
        }
      }
      if (!(sampleRatio >= 0.0 && sampleRatio <= 1.0)) {
        throw new IllegalArgumentException(
            "tracing.sample_ratio: " + sampleRatio + " (expected: 0.0 to 1.0)");
      }
    }
  }

  /** Log line formats. */
  public enum LogFormat {
    /** {@code json}: one JSON object per line. */
    JSON,
    /** {@code text}: human-readable lines. */
    TEXT;

    /** The name in a configuration file. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static Map<String, String> copy(Map<String, String> map, String field) {
    if (map == null) {
      return Map.of();
    }
    var copy = new LinkedHashMap<String, String>();
    map.forEach(
        (k, v) -> {
          if (k == null || k.isEmpty() || v == null) {
            throw new IllegalArgumentException(
                field
                    + ": "
                    + quote(k)
                    + "="
                    + quote(v)
                    + " (expected: a non-empty name and a value)");
          }
          copy.put(k, v);
        });
    return Collections.unmodifiableMap(copy);
  }

  private static String quote(String s) {
    return s == null ? "null" : Quotes.of(s);
  }
}
