package dev.weft.policy.rego.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/**
 * Nesting is capped at 1000 levels with a parse error, whatever the caller's stack size; long
 * inputs parse; parsing is safe from many threads.
 */
class RegoParserLimitsTest {

  private static final String DEPTH = "rego_parse_error: max parsing recursion depth exceeded";

  /** Runs on a thread with a small stack: the cap, not the caller's stack, must bound parsing. */
  private static <T> T onSmallStack(Callable<T> work) throws Exception {
    FutureTask<T> task = new FutureTask<>(work);
    Thread t = new Thread(null, task, "small-stack", 256 * 1024);
    t.start();
    t.join();
    return task.get();
  }

  private static String outcome(String query) throws Exception {
    return onSmallStack(
        () -> {
          try {
            RegoParser.parseQueryWithText(query);
            return "ok";
          } catch (PolicyException e) {
            return e.getMessage();
          }
        });
  }

  private static String nest(String open, String core, String close, int n) {
    return "x := " + open.repeat(n) + core + close.repeat(n);
  }

  @Test
  void nestingUpToTheCapParsesAndDeeperIsOneError() throws Exception {
    assertThat(outcome(nest("[", "", "]", 1000))).isEqualTo("ok");
    assertThat(outcome(nest("[", "", "]", 1001))).isEqualTo("1:1006: " + DEPTH);
    assertThat(outcome(nest("{", "", "}", 1000))).isEqualTo("ok");
    assertThat(outcome(nest("(", "1", ")", 999))).isEqualTo("ok");
    assertThat(outcome(nest("(", "1", ")", 1000))).isEqualTo("1:1006: " + DEPTH);
    assertThat(outcome(nest("[1 + ", "1", "]", 999))).isEqualTo("ok");
    assertThat(outcome(nest("{1: ", "1", "}", 999))).isEqualTo("ok");
    assertThat(outcome(nest("[y | y := ", "1", "]", 999))).isEqualTo("ok");
    assertThat(outcome(nest("{y | y := ", "1", "}", 999))).isEqualTo("ok");
    assertThat(outcome(nest("f(", "1", ")", 999))).isEqualTo("ok");
    assertThat(outcome(nest("a[", "1", "]", 999))).isEqualTo("ok");
    assertThat(outcome(nest("1 + (", "1", ")", 999))).isEqualTo("ok");
    assertThat(
            outcome("every x in y " + "{ every x in y ".repeat(998) + "{ true }" + "}".repeat(998)))
        .isEqualTo("ok");
  }

  @Test
  void farDeeperInputStopsAtTheCap() throws Exception {
    assertThat(outcome(nest("[", "", "]", 100_000))).isEqualTo("1:1006: " + DEPTH);
    assertThat(outcome(nest("{x: ", "1", "}", 5000))).isEqualTo("1:4003: " + DEPTH);
    assertThat(outcome(nest("[1 + ", "1", "]", 5000))).isEqualTo("1:5002: " + DEPTH);
    assertThat(outcome(nest("(", "1", "", 5000))).isEqualTo("1:1006: " + DEPTH);
    assertThat(outcome("x := " + "1 + ".repeat(5000) + "1")).isEqualTo("1:4010: " + DEPTH);
    assertThat(outcome("x := " + "x in ".repeat(5000) + "1")).isEqualTo("1:5011: " + DEPTH);
    assertThat(outcome("x := f(1)" + ".g(1)".repeat(5000))).isEqualTo("1:5003: " + DEPTH);
    String module = "package p\np if { " + "every x in y { ".repeat(2000) + "}".repeat(2000) + " }";
    assertThat(
            onSmallStack(
                () -> {
                  try {
                    RegoParser.parseModule("deep.rego", module, RegoVersion.V1);
                    return "ok";
                  } catch (PolicyException e) {
                    return e.getMessage();
                  }
                }))
        .isEqualTo("deep.rego:2:15014: " + DEPTH);
  }

  @Test
  void shallowNestingParsesOnTheCallersSmallStack() throws Exception {
    int inline = LargeStack.INLINE_NESTING;
    assertThat(outcome(nest("[1 + {\"a\": f(", "1", ")}]", inline / 3))).isEqualTo("ok");
    assertThat(outcome(nest("[y | y := {1: ", "1", "}]", inline / 2))).isEqualTo("ok");
  }

  @Test
  void longInputsParse() throws PolicyException {
    StringBuilder src = new StringBuilder("package big\n");
    for (int i = 0; i < 5000; i++) {
      src.append("r").append(i).append(" if { input.x[").append(i).append("] == \"v\" }\n");
    }
    src.append("s := \"").append("a".repeat(1 << 20)).append("\"\n");
    src.append("t := [").append("1, ".repeat(100_000)).append("1]\n");
    Module m = RegoParser.parseModule("big.rego", src.toString(), RegoVersion.V1);
    assertThat(m.rules()).hasSize(5002);
    assertThat(m.rules().get(4999).location().line()).isEqualTo(5001);
  }

  @Test
  void parsesFromManyThreadsAtOnce() throws Exception {
    String src =
        "package p\n"
            + "allow if { some r in input.roles; r == \"admin\" }\n"
            + "deep := "
            + "[".repeat(200)
            + "]".repeat(200)
            + "\n";
    Module expected = RegoParser.parseModule("p.rego", src, RegoVersion.V1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Module>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> RegoParser.parseModule("p.rego", src, RegoVersion.V1)));
      }
      for (Future<Module> f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
