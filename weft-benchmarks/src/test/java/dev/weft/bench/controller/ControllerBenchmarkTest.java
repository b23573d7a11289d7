package dev.weft.bench.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bench.Flags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A smoke run of {@code scripts/bench controller} at a tiny size: it runs and prints every line.
 */
class ControllerBenchmarkTest {

  @ParameterizedTest
  @ValueSource(strings = {"hubs", "random"})
  void runsAtATinySizeAndFindsNothingToRepair(String shape) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Flags flags =
        Flags.parse(
            List.of(
                "--shape",
                shape,
                "--nodes",
                "200",
                "--hubs",
                "5",
                "--subscriptions",
                "1000",
                "--names",
                "200",
                "--samples",
                "50",
                "--warmup",
                "10"));
    ControllerBenchmark.run(flags, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    for (String key :
        List.of(
            "load_ms=",
            "heap_engine_mb=",
            "subscribe_new_p50_us=",
            "subscribe_existing_p99_us=",
            "unsubscribe_last_p50_us=",
            "recompute_all_ms=",
            "link_add_ms=",
            "node_up_ms=",
            "routes_leaf_ms=")) {
      assertThat(out).contains(" " + key);
    }
    assertThat(out).contains("changes found: 0 (expected 0)");
    assertThat(out).contains("a new name changes the route of every other node: 199 route changes");
  }

  @Test
  void refusesAnUnknownShape() {
    Flags flags = Flags.parse(List.of("--shape", "ring"));
    assertThatThrownBy(() -> ControllerBenchmark.run(flags, System.out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--shape: \"ring\" (expected: hubs or random)");
  }
}
