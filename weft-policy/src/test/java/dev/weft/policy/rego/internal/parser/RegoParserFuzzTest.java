package dev.weft.policy.rego.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated sources (seed {@value #SEED_HEX}): each parse, as a v1 module, a
 * v0 module and a query, ends in a result or a {@link PolicyException} within a generous time bound
 * enforced by the harness, never in another exception.
 */
class RegoParserFuzzTest {

  static final long SEED = 0x5EED_2026_0F_F0L;
  static final String SEED_HEX = "0x5eed20260ff0";
  static final int INPUTS = 3000;

  /**
   * {@code -Dfuzz.seed=<hex>} and {@code -Dfuzz.inputs=<n>} explore further; the build uses SEED.
   */
  private final long seed =
      Long.parseUnsignedLong(System.getProperty("fuzz.seed", SEED_HEX.substring(2)), 16);

  private final int inputs = Integer.getInteger("fuzz.inputs", INPUTS);
  static final long TIMEOUT_SECONDS = 5;

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fuzz-parse");
            t.setDaemon(true); // a hung parse must not keep the test JVM alive
            return t;
          });

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  @DisplayName(
      "random and mutated sources end in a result or a PolicyException (seed 0x5eed20260ff0)")
  void fuzz() throws Exception {
    assertThat(Long.toHexString(SEED)).isEqualTo(SEED_HEX.substring(2));
    String seedHex = "0x" + Long.toHexString(seed);
    System.out.println("RegoParserFuzzTest: seed " + seedHex + ", " + inputs + " inputs");
    Random random = new Random(seed);
    List<String> corpus = FuzzInputs.corpus();
    int parsed = 0;
    int rejected = 0;
    for (int i = 0; i < inputs; i++) {
      int kind = random.nextInt(100);
      String input =
          kind < 75
              ? FuzzInputs.mutate(random, corpus)
              : kind < 88
                  ? "package p\n" + FuzzInputs.randomRule(random) + "\n"
                  : kind < 95 ? FuzzInputs.extreme(random) : FuzzInputs.soup(random);
      for (String target : List.of("v1", "v0", "query")) {
        if (bounded(i, seedHex, target, input)) {
          parsed++;
        } else {
          rejected++;
        }
      }
    }
    System.out.println("RegoParserFuzzTest: " + parsed + " parsed, " + rejected + " rejected");
    // the generator must exercise both outcomes
    assertThat(parsed).isGreaterThan(inputs / 10);
    assertThat(rejected).isGreaterThan(inputs / 10);
  }

  /** Parses on the executor; true if it parsed, false on a PolicyException, fails otherwise. */
  private boolean bounded(int index, String seedHex, String target, String input)
      throws InterruptedException {
    Callable<Boolean> parse = () -> parse(target, input);
    Future<Boolean> result = executor.submit(parse);
    try {
      return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      fail(
          "input #%d (%s, seed %s) did not finish within %ds: %s",
          index, target, seedHex, TIMEOUT_SECONDS, preview(input));
    } catch (ExecutionException e) {
      throw new AssertionError(
          "input #"
              + index
              + " ("
              + target
              + ", seed "
              + seedHex
              + ") threw "
              + e.getCause()
              + ": "
              + preview(input),
          e.getCause());
    }
    return false;
  }

  private static boolean parse(String target, String input) {
    try {
      switch (target) {
        case "v1" -> check(RegoParser.parseModule("f.rego", input, RegoVersion.V1));
        case "v0" -> check(RegoParser.parseModule("f.rego", input, RegoVersion.V0));
        default -> assertThat(RegoParser.parseQueryWithText(input).texts()).doesNotContainNull();
      }
      return true;
    } catch (PolicyException e) {
      assertThat(e.errors())
          .isNotEmpty()
          .allSatisfy(
              err -> {
                assertThat(err.location().line()).isPositive();
                assertThat(err.location().col()).isPositive();
                assertThat(err.message()).isNotBlank();
              });
      return false;
    }
  }

  /** What every parsed module guarantees: rule heads start with a name. */
  private static void check(Module m) {
    List<Rule> rules = new ArrayList<>(m.rules());
    for (Rule r : rules) {
      for (Rule x = r; x != null; x = x.elseRule()) {
        assertThat(x.head().get(0)).isInstanceOf(Term.Scalar.class);
        assertThat(((Term.Scalar) x.head().get(0)).value()).isInstanceOf(StringValue.class);
        assertThat(x.body()).isNotNull();
        if (x.isPartialSet()) {
          assertThat(x.value()).isNull();
        } else {
          assertThat(x.value()).isNotNull();
        }
      }
    }
  }

  private static String preview(String input) {
    String s =
        input.length() > 400
            ? input.substring(0, 400) + "... (" + input.length() + " chars)"
            : input;
    return s.replace("\n", "\\n");
  }
}
