package dev.weft.agent.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.agent.ErrorCode;
import dev.weft.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exposition passes Prometheus's own linter, {@code promtool check metrics}, from Debian's
 * prometheus package (scripts/test.sh installs it).
 */
class PromtoolTest {

  @Test
  void theExpositionPassesPromtoolCheckMetrics() throws Exception {
    Path promtool = promtool();
    assumeTrue(
        promtool != null,
        "promtool is not installed (Debian package prometheus; scripts/test.sh installs it): "
            + "the exposition is not linted");
    var clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    String text;
    try (var observability =
        Observability.builder(MetricsTest.config(true, true)).clock(clock).build()) {
      var observer = observability.observer();
      try (var span = observer.serverCall("summarize", "example.org", null)) {
        var out =
            observer.clientCall("spiffe://other.org/agent/b", "translate", span.traceparent());
        clock.advance(Duration.ofMillis(40));
        out.error(ErrorCode.UNAVAILABLE);
        out.close();
        span.error(ErrorCode.UNAVAILABLE);
      }
      observer.authorization("summarize", false, Duration.ofMillis(1));
      observer.connections(1);
      observer.breakerState("spiffe://other.org/agent/b", "open");
      observer.targetLatency("spiffe://other.org/agent/b", Duration.ofMillis(40));
      text = observability.scrape();
    }

    Process process =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(output).as("promtool output for:%n%s", text).isEmpty();
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void promtoolRejectsABrokenExposition() throws Exception {
    Path promtool = promtool();
    assumeTrue(promtool != null, "promtool is not installed: the linter is not checked");
    Process process =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (var stdin = process.getOutputStream()) {
      stdin.write("# TYPE requests counter\nrequests 1\n".getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isNotZero();
    assertThat(output).contains("counter metrics should have \"_total\" suffix");
  }

  private static Path promtool() {
    String path = System.getenv("PATH");
    Stream<String> dirs =
        Stream.concat(
            path == null ? Stream.empty() : Stream.of(path.split(":")), Stream.of("/usr/bin"));
    return dirs.map(d -> Path.of(d, "promtool"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }
}
