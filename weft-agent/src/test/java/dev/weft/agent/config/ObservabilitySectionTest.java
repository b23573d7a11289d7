package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.observability.ObservabilityConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code observability} section is read into the record the agent's observability is built
 * from, so a value the record refuses is a configuration error with the file and line, not a
 * failure at start.
 */
class ObservabilitySectionTest extends AgentConfigTestBase {

  @Test
  void aFileWithoutTheSectionGetsTheRecordsDefaults() throws Exception {
    assertThat(read("metadata: {description: \"x\"}\n").observability())
        .isEqualTo(ObservabilityConfig.defaults());
  }

  @Test
  void aLabelNameThatIsNoPrometheusLabelIsRefusedWhereItIsWritten() throws Exception {
    assertThat(error("observability:\n  metrics:\n    labels: {cloud-name: aws}\n"))
        .isEqualTo(
            "agent.yaml:3: observability.metrics.labels: cloud-name (expected: a"
                + " Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
  }

  @Test
  void aLabelNameWeftsMetricsUseIsRefused() throws Exception {
    assertThat(error("observability:\n  metrics:\n    labels:\n      target: x\n"))
        .isEqualTo(
            "agent.yaml:3: observability.metrics.labels: target (expected: a label name"
                + " other than capability, code, decision, le, outcome, peer_trust_domain, phase,"
                + " quantile, reason, target)");
  }

  @Test
  void aBlankServiceNameIsRefused() throws Exception {
    assertThat(error("observability:\n  tracing:\n    service_name: \"  \"\n"))
        .isEqualTo(
            "agent.yaml:3: observability.tracing.service_name: \"  \" (expected: a"
                + " non-empty name)");
  }

  @Test
  void theReadRecordIsTheOneObservabilityIsBuiltFrom() throws Exception {
    ObservabilityConfig config =
        read("""
        observability:
          metrics: {labels: {cloud: aws}}
          tracing: {enabled: true, sample_ratio: 0.25}
        metadata: {name: "search"}
        """)
            .observability();

    assertThat(config.metrics().labels()).isEqualTo(Map.of("cloud", "aws"));
    assertThat(config.tracing().sampleRatio()).isEqualTo(0.25);
    assertThat(config.tracing().serviceName()).isEqualTo("search");
  }
}
