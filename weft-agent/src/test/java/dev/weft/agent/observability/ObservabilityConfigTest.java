package dev.weft.agent.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.observability.ObservabilityConfig.LogFormat;
import dev.weft.config.LogLevel;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservabilityConfigTest {

  @Test
  void theDefaultsAreInfoTextLogsMetricsOnAndTracingOff() {
    var config = ObservabilityConfig.defaults();

    assertThat(config.logging())
        .isEqualTo(new ObservabilityConfig.Logging(LogLevel.INFO, LogFormat.TEXT, Map.of()));
    assertThat(config.metrics()).isEqualTo(new ObservabilityConfig.Metrics(true, Map.of()));
    assertThat(config.tracing())
        .isEqualTo(new ObservabilityConfig.Tracing(false, "weft-agent", Optional.empty(), 1.0));
  }

  @Test
  void labelsAreCopiedInOrder() {
    var labels = new LinkedHashMap<String, String>();
    labels.put("region", "us-east-1");
    labels.put("cloud", "aws");

    var metrics = new ObservabilityConfig.Metrics(true, labels);
    labels.put("zone", "a");

    assertThat(metrics.labels())
        .containsExactly(Map.entry("region", "us-east-1"), Map.entry("cloud", "aws"));
    assertThatThrownBy(() -> metrics.labels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new ObservabilityConfig.Metrics(false, null).labels()).isEmpty();
  }

  @Test
  void badLabelNamesAreRejected() {
    assertThatThrownBy(() -> new ObservabilityConfig.Metrics(true, Map.of("cloud-name", "aws")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "metrics.labels: cloud-name (expected: a Prometheus label name: "
                + "[a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
    assertThatThrownBy(() -> new ObservabilityConfig.Metrics(true, Map.of("__name", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "metrics.labels: __name (expected: a Prometheus label name: "
                + "[a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
    assertThatThrownBy(() -> new ObservabilityConfig.Metrics(true, Map.of("target", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "metrics.labels: target (expected: a label name other than capability, "
                + "code, decision, le, outcome, peer_trust_domain, phase, quantile, reason, target)");
    var nullValue = new HashMap<String, String>();
    nullValue.put("cloud", null);
    assertThatThrownBy(() -> new ObservabilityConfig.Metrics(true, nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics.labels: \"cloud\"=null (expected: a non-empty name and a value)");
  }

  @Test
  void badTracingSettingsAreRejected() {
    assertThatThrownBy(() -> new ObservabilityConfig.Tracing(true, " ", Optional.empty(), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tracing.service_name: \" \" (expected: a non-empty name)");
    assertThatThrownBy(() -> new ObservabilityConfig.Tracing(true, "a", Optional.empty(), 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tracing.sample_ratio: 1.5 (expected: 0.0 to 1.0)");
    assertThatThrownBy(
            () -> new ObservabilityConfig.Tracing(true, "a", Optional.empty(), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tracing.sample_ratio: NaN (expected: 0.0 to 1.0)");
    assertThatThrownBy(
            () ->
                new ObservabilityConfig.Tracing(
                    true, "a", Optional.of(URI.create("grpc://collector:4317")), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tracing.otlp_endpoint: grpc://collector:4317 "
                + "(expected: an http or https URL such as http://127.0.0.1:4318)");
    assertThatThrownBy(
            () ->
                new ObservabilityConfig.Tracing(
                    true, "a", Optional.of(URI.create("collector:4318")), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tracing.otlp_endpoint: collector:4318 "
                + "(expected: an http or https URL such as http://127.0.0.1:4318)");
  }

  @Test
  void loggingLevelAndFormat() {
    assertThat(
            new ObservabilityConfig.Logging(LogLevel.DEBUG, LogFormat.TEXT, null).defaultFields())
        .isEmpty();
    assertThat(LogLevel.WARN.configName()).isEqualTo("warn");
    assertThat(LogFormat.JSON.configName()).isEqualTo("json");
    assertThatThrownBy(() -> new ObservabilityConfig.Logging(null, LogFormat.JSON, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("level");
    assertThatThrownBy(
            () -> new ObservabilityConfig.Logging(LogLevel.INFO, LogFormat.JSON, Map.of("", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("logging.default_fields: \"\"=\"x\" (expected: a non-empty name and a value)");
  }

  @Test
  void aBadFieldIsQuotedWithItsControlCharactersEscaped() {
    assertThatThrownBy(
            () ->
                new ObservabilityConfig.Logging(
                    LogLevel.INFO, LogFormat.JSON, Map.of("", "x\nlevel=ERROR \"forged\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "logging.default_fields: \"\"=\"x\\u000alevel=ERROR \\\"forged\\\"\""
                + " (expected: a non-empty name and a value)");
  }

  @Test
  void anOtlpEndpointWithoutAPathGetsTheTracesPath() {
    assertThat(Observability.tracesUrl(URI.create("http://collector:4318")))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(Observability.tracesUrl(URI.create("https://collector:4318/")))
        .isEqualTo("https://collector:4318/v1/traces");
    assertThat(Observability.tracesUrl(URI.create("http://collector:4318/otlp/v1/traces")))
        .isEqualTo("http://collector:4318/otlp/v1/traces");
  }
}
