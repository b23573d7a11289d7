package dev.weft.agent.config;

import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.observability.ObservabilityConfig.LogFormat;
import dev.weft.config.ConfigException;
import dev.weft.config.LogLevel;
import dev.weft.config.Section;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the {@code observability} section into the record the agent's observability uses; a key
 * left out takes the record's default ({@link ObservabilityConfig#defaults()}).
 */
final class Observability {
  private static final String ENDPOINT =
      "an http or https URL without user info, query or fragment, like http://collector:4317";
  private static final String SERVICE = "a service name";
  private static final ObservabilityConfig DEFAULTS = ObservabilityConfig.defaults();

  private Observability() {}

  /**
   * @param defaultServiceName {@code metadata.name}, or null
   */
  static ObservabilityConfig read(Section s, String defaultServiceName) throws ConfigException {
    s.allow("logging", "metrics", "tracing");
    Section logging = s.sectionOrEmpty("logging").allow("level", "format", "default_fields");
    LogLevel level =
        logging
            .choice("level", LogLevel.values(), LogLevel::configName)
            .orElse(DEFAULTS.logging().level());
    LogFormat format =
        logging
            .choice("format", LogFormat.values(), LogFormat::configName)
            .orElse(DEFAULTS.logging().format());
    var fields = logging.stringMap("default_fields");
    ObservabilityConfig.Logging log =
        built(
            logging,
            "default_fields",
            () -> new ObservabilityConfig.Logging(level, format, fields));
    Section metrics = s.sectionOrEmpty("metrics").allow("enabled", "labels");
    boolean metricsOn = metrics.bool("enabled").orElse(DEFAULTS.metrics().enabled());
    var labels = metrics.stringMap("labels");
    ObservabilityConfig.Metrics m =
        built(metrics, "labels", () -> new ObservabilityConfig.Metrics(metricsOn, labels));
    Section tracing =
        s.sectionOrEmpty("tracing")
            .allow("enabled", "service_name", "otlp_endpoint", "sample_ratio");
    boolean enabled = tracing.bool("enabled").orElse(DEFAULTS.tracing().enabled());
    String service =
        tracing
            .string("service_name", SERVICE)
            .orElse(
                defaultServiceName == null || defaultServiceName.isBlank()
                    ? DEFAULTS.tracing().serviceName()
                    : defaultServiceName);
    Optional<URI> otlp = tracing.value("otlp_endpoint", ENDPOINT, Uris::httpUrl);
    double ratio = tracing.ratio("sample_ratio").orElse(DEFAULTS.tracing().sampleRatio());
    ObservabilityConfig.Tracing t =
        built(
            tracing,
            "service_name",
            () -> new ObservabilityConfig.Tracing(enabled, service, otlp, ratio));
    return new ObservabilityConfig(log, m, t);
  }

  /**
   * A part of the record; its argument error ({@code metrics.labels: x (expected: ...)}) becomes a
   * configuration error at {@code name} of {@code s}.
   */
  private static <T> T built(Section s, String name, Supplier<T> part) throws ConfigException {
    try {
      return part.get();
    } catch (IllegalArgumentException e) {
      // "metrics.labels: x (expected: ...)": the value and the expectation, at the file's line.
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      String detail = colon < 0 ? message : message.substring(colon + 2);
      int expected = detail.indexOf(" (expected: ");
      throw expected < 0 || !detail.endsWith(")")
          ? s.error(name, detail, "a valid " + name)
          : s.error(
              name,
              detail.substring(0, expected),
              detail.substring(expected + " (expected: ".length(), detail.length() - 1));
    }
  }
}
