package dev.weft.agent.observability;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code observability} section of an agent's configuration. Validated at creation; argument
 * errors name the configuration field, the bad value and what is expected.
 *
 * @param metrics {@code observability.metrics}
 * @param tracing {@code observability.tracing}
 * @param logging {@code observability.logging}
 */
public record ObservabilityConfig(Metrics metrics, Tracing tracing, Logging logging) {

  /** Validates the sections (none may be null). */
  public ObservabilityConfig {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(tracing, "tracing");
    Objects.requireNonNull(logging, "logging");
  }

  /**
   * The defaults: metrics on without extra labels, tracing on without export (service name {@code
   * weft-agent}, every trace sampled), INFO JSON logs without default fields.
   */
  public static ObservabilityConfig defaults() {
    return new ObservabilityConfig(
        new Metrics(true, Map.of()),
        new Tracing(true, "weft-agent", null, 1.0),
        new Logging("INFO", LogFormat.JSON, Map.of()));
  }

  /**
   * {@code observability.metrics}.
   *
   * @param enabled whether metrics are recorded (default true); when false {@link
   *     Observability#scrape()} answers an empty exposition
   * @param labels labels added to every metric ({@code labels}: for example cloud and region;
   *     default none); names are Prometheus label names other than the ones Weft's metrics use
   */
  public record Metrics(boolean enabled, Map<String, String> labels) {

    /** Label names Weft's own metrics use, which common labels may not take. */
    static final Set<String> RESERVED =
        Set.of("capability", "peer_trust_domain", "outcome", "code", "target", "decision", "reason",
            "phase", "le", "quantile");

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Validates the labels and copies them (iteration order kept). */
    public Metrics {
      labels = copy(labels, "metrics.labels");
      for (var e : labels.entrySet()) {
        String name = e.getKey();
        if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
          throw new IllegalArgumentException("metrics.labels: " + name
              + " (expected: a Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
        }
        if (RESERVED.contains(name)) {
          throw new IllegalArgumentException("metrics.labels: " + name
              + " (expected: a label name other than " + String.join(", ", sorted(RESERVED)) + ")");
        }
      }
    }
  }

  /**
   * {@code observability.tracing}.
   *
   * @param enabled whether spans are recorded (default true); trace context propagates either way
   * @param serviceName {@code service_name}: the OpenTelemetry {@code service.name} (default
   *     {@code weft-agent})
   * @param otlpEndpoint {@code otlp_endpoint}: where spans are exported with OTLP/HTTP, or null
   *     for no export (default); an endpoint without a path gets {@code /v1/traces}
   * @param samplingRatio {@code sampling_ratio}: the share of new traces sampled, 0.0 to 1.0
   *     (default 1.0); a trace continued from a caller follows the caller's sampled flag
   */
  public record Tracing(boolean enabled, String serviceName, URI otlpEndpoint,
      double samplingRatio) {

    /** Validates the fields. */
    public Tracing {
      if (serviceName == null || serviceName.isBlank()) {
        throw new IllegalArgumentException(
            "tracing.service_name: " + quote(serviceName) + " (expected: a non-empty name)");
      }
      if (otlpEndpoint != null) {
        String scheme = otlpEndpoint.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || otlpEndpoint.getHost() == null) {
          throw new IllegalArgumentException("tracing.otlp_endpoint: " + otlpEndpoint
              + " (expected: an http or https URL such as http://127.0.0.1:4318)");
        }
      }
      if (!(samplingRatio >= 0.0 && samplingRatio <= 1.0)) {
        throw new IllegalArgumentException(
            "tracing.sampling_ratio: " + samplingRatio + " (expected: 0.0 to 1.0)");
      }
    }
  }

  /** How log lines are written. */
  public enum LogFormat {
    /** One JSON object per line (Logstash encoder). */
    JSON,
    /** Plain text lines. */
    TEXT;

    /** The format for a configuration value ({@code json} or {@code text}, any case). */
    public static LogFormat parse(String value) {
      if (value != null) {
        for (LogFormat f : values()) {
          if (f.name().equalsIgnoreCase(value.trim())) {
            return f;
          }
        }
      }
      throw new IllegalArgumentException(
          "logging.format: " + quote(value) + " (expected: json or text)");
    }
  }

  /**
   * {@code observability.logging}.
   *
   * @param level the root level: TRACE, DEBUG, INFO, WARN or ERROR, any case (default INFO);
   *     kept upper case
   * @param format {@code format}: json or text (default json)
   * @param defaultFields {@code default_fields}: fields on every JSON line (for example cloud and
   *     region; default none)
   */
  public record Logging(String level, LogFormat format, Map<String, String> defaultFields) {

    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /** Validates the level and copies the fields (iteration order kept). */
    public Logging {
      String upper = level == null ? null : level.trim().toUpperCase(Locale.ROOT);
      if (upper == null || !LEVELS.contains(upper)) {
        throw new IllegalArgumentException(
            "logging.level: " + quote(level) + " (expected: TRACE, DEBUG, INFO, WARN or ERROR)");
      }
      level = upper;
      Objects.requireNonNull(format, "format");
      defaultFields = copy(defaultFields, "logging.default_fields");
    }
  }

  private static Map<String, String> copy(Map<String, String> map, String field) {
    if (map == null) {
      return Map.of();
    }
    var copy = new LinkedHashMap<String, String>();
    map.forEach((k, v) -> {
      if (k == null || k.isEmpty() || v == null) {
        throw new IllegalArgumentException(
            field + ": " + quote(k) + "=" + quote(v) + " (expected: a non-empty name and a value)");
      }
      copy.put(k, v);
    });
    return Collections.unmodifiableMap(copy);
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }
}
