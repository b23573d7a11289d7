package dev.weft.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.weft.policy.load.PolicyLoader;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.testing.TestResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and running test_ rules (needs the engine). */
class TestRunnerTest {

  private static final String POLICY =
      """
      package authz

      default allow := false

      allow if input.user == "alice"
      """;

  private static final String TESTS =
      """
      package authz_test

      import data.authz

      test_alice_allowed if authz.allow with input as {"user": "alice"}

      test_bob_denied if not authz.allow with input as {"user": "bob"}

      test_wrong if authz.allow with input as {"user": "bob"}

      test_not_true := 1

      test_false := false

      todo_test_later if false

      test_prints if {
        print("checking", 1)
      }

      test_conflict := x if {
        some x in [1, 2]
      }

      test_cases[name] if {
        some name in ["a", "b"]
      }

      test_twice if false

      test_twice if true

      p.q.test_dotted if true

      test_function(x) := x

      helper := 1
      """;

  @TempDir Path tmp;
  private Path dir;
  private final AtomicLong clock = new AtomicLong();

  @BeforeEach
  void setUp() throws Exception {
    dir = tmp.resolve("policies");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("authz.rego"), POLICY);
    Files.writeString(dir.resolve("authz_test.rego"), TESTS);
  }

  private RegoPolicy policy() throws Exception {
    return PolicyLoader.load(dir).compile().policy();
  }

  private TestRunner runner(Pattern filter) {
    // Each reading is 1µs later; a test reads it three times (start, its deadline, end): 2µs.
    return TestRunner.builder().filter(filter).ticker(() -> clock.getAndAdd(1_000)).build();
  }

  @Test
  void runsEveryTestRuleInFileOrder() throws Exception {
    List<TestResult> results = runner(null).run(policy());

    assertThat(results)
        .extracting(TestResult::fullName, TestResult::outcome)
        .containsExactly(
            tuple("data.authz_test.test_alice_allowed", Outcome.PASS),
            tuple("data.authz_test.test_bob_denied", Outcome.PASS),
            tuple("data.authz_test.test_wrong", Outcome.FAIL),
            tuple("data.authz_test.test_not_true", Outcome.FAIL),
            tuple("data.authz_test.test_false", Outcome.FAIL),
            tuple("data.authz_test.todo_test_later", Outcome.SKIPPED),
            tuple("data.authz_test.test_prints", Outcome.PASS),
            tuple("data.authz_test.test_conflict", Outcome.ERROR),
            tuple("data.authz_test.test_cases", Outcome.PASS),
            tuple("data.authz_test.test_twice", Outcome.PASS),
            tuple("data.authz_test.p.q.test_dotted", Outcome.PASS));
    TestResult alice = results.getFirst();
    assertThat(alice.location().file()).isEqualTo(dir + "/authz_test.rego");
    assertThat(alice.location().line()).isEqualTo(5);
    assertThat(alice.duration().toNanos()).isEqualTo(2_000);
    assertThat(results.get(5).duration()).isZero();
    assertThat(results.get(6).output()).containsExactly("checking 1");
    assertThat(results.get(7).error())
        .startsWith(dir + "/authz_test.rego:")
        .contains("eval_conflict_error");
    assertThat(results.get(7).errors())
        .extracting(e -> e.code())
        .containsExactly("eval_conflict_error");
    assertThat(results.get(8).subResults())
        .extracting(SubResult::name, SubResult::failed)
        .containsExactly(tuple("a", false), tuple("b", false));
  }

  @Test
  void runFiltersByFullNameAndTheReportShowsOnlyFailures() throws Exception {
    List<TestResult> results = runner(Pattern.compile("test_(alice|wrong|false)")).run(policy());

    assertThat(results)
        .extracting(TestResult::name)
        .containsExactly("test_alice_allowed", "test_wrong", "test_false");
    assertThat(TestReport.pretty(results, false))
        .isEqualTo(
            dir
                + "/authz_test.rego:\n"
                + "data.authz_test.test_wrong: FAIL (2µs)\n"
                + "data.authz_test.test_false: FAIL (2µs)\n"
                + "-".repeat(80)
                + "\nPASS: 1/3\nFAIL: 2/3\n");
    assertThat(TestReport.pretty(results, true))
        .isEqualTo(
            dir
                + "/authz_test.rego:\n"
                + "data.authz_test.test_alice_allowed: PASS (2µs)\n"
                + "data.authz_test.test_wrong: FAIL (2µs)\n"
                + "data.authz_test.test_false: FAIL (2µs)\n"
                + "-".repeat(80)
                + "\nPASS: 1/3\nFAIL: 2/3\n");
  }

  @Test
  void aPolicyWithoutTestsHasNoResults() throws Exception {
    assertThat(runner(null).run(PolicyLoader.load(dir.resolve("authz.rego")).compile().policy()))
        .isEmpty();
  }
}
