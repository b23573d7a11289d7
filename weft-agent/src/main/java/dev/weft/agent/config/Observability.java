package dev.weft.agent.config;

import dev.weft.agent.config.ObservabilityConfig.LogFormat;
import dev.weft.config.ConfigException;
import dev.weft.config.LogLevel;
import dev.weft.config.Section;
import java.net.URI;
import java.util.Optional;

/** Reads the {@code observability} section. */
final class Observability {
  private static final String ENDPOINT =
      "an http or https URL without user info, query or fragment, like http://collector:4317";
  private static final String SERVICE = "a service name";

  private Observability() {}

  /**
   * @param defaultServiceName {@code metadata.name}, or null
   */
  static ObservabilityConfig read(Section s, String defaultServiceName) throws ConfigException {
    s.allow("logging", "metrics", "tracing");
    Section logging = s.sectionOrEmpty("logging").allow("level", "format", "default_fields");
    ObservabilityConfig.Logging log = new ObservabilityConfig.Logging(
        logging.choice("level", LogLevel.values(), LogLevel::configName).orElse(LogLevel.INFO),
        logging.choice("format", LogFormat.values(), LogFormat::configName)
            .orElse(LogFormat.TEXT),
        logging.stringMap("default_fields"));
    Section metrics = s.sectionOrEmpty("metrics").allow("enabled", "labels");
    ObservabilityConfig.Metrics m = new ObservabilityConfig.Metrics(
        metrics.bool("enabled").orElse(true), metrics.stringMap("labels"));
    Section tracing = s.sectionOrEmpty("tracing")
        .allow("enabled", "service_name", "otlp_endpoint", "sample_ratio");
    boolean enabled = tracing.bool("enabled").orElse(false);
    String service = tracing.string("service_name", SERVICE)
        .orElse(defaultServiceName == null || defaultServiceName.isBlank()
            ? "weft-agent" : defaultServiceName);
    Optional<URI> endpoint = tracing.value("otlp_endpoint", ENDPOINT, Uris::httpUrl);
    double ratio = tracing.ratio("sample_ratio").orElse(1.0);
    return new ObservabilityConfig(log, m,
        new ObservabilityConfig.Tracing(enabled, service, endpoint, ratio));
  }
}
