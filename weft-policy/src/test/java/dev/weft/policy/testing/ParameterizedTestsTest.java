package dev.weft.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.testing.TestResult.Outcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Parameterized tests ({@code test_x[name] if { some name, tc in cases; ... }}), as OPA runs them.
 */
class ParameterizedTestsTest {

  private static final String TESTS =
      """
      package example_test

      test_concat[note] if {
        some note, tc in {
          "empty + empty": {"a": [], "b": [], "exp": []},
          "empty + filled": {"a": [], "b": [1, 2], "exp": [1, 2]},
          "filled + filled": {"a": [1, 2], "b": [3, 4], "exp": [1, 2, 3]},
        }
        act := array.concat(tc.a, tc.b)
        act == tc.exp
      }

      test_matrix[x][y] if {
        some x in ["a", "b"]
        some y in [1, 2]
        not x == "b"
      }

      test_none[n] if {
        some n in []
      }
      """;

  private final AtomicLong clock = new AtomicLong();

  private List<TestResult> run() throws Exception {
    RegoPolicy policy = RegoPolicy.builder().module("example_test.rego", TESTS).build();
    return TestRunner.builder().ticker(() -> clock.getAndAdd(1_000)).build().run(policy);
  }

  @Test
  void eachCaseIsReportedAndACaseThatFailsLaterInTheBodyIsAFailure() throws Exception {
    List<TestResult> results = run();

    assertThat(results)
        .extracting(TestResult::name, TestResult::outcome)
        .containsExactly(
            tuple("test_concat", Outcome.FAIL),
            tuple("test_matrix", Outcome.FAIL),
            tuple("test_none", Outcome.PASS));
    assertThat(results.getFirst().subResults())
        .extracting(SubResult::name, SubResult::failed)
        .containsExactly(
            tuple("empty + empty", false),
            tuple("empty + filled", false),
            tuple("filled + filled", true));
    assertThat(results.get(1).subResults())
        .extracting(SubResult::name, SubResult::failed)
        .containsExactly(tuple("a", false), tuple("b", true));
    assertThat(results.get(1).subResults().get(1).subResults())
        .extracting(SubResult::name, SubResult::failed)
        .containsExactly(tuple("1", true), tuple("2", true));
    // As in OPA, a test with no cases is an empty object: defined, so it passes.
    assertThat(results.get(2).subResults()).isEmpty();
  }

  @Test
  void thePrettyReportListsFailedCasesAndCountsEachCase() throws Exception {
    List<TestResult> results = run();

    assertThat(TestReport.pretty(results, false))
        .isEqualTo(
            """
        example_test.rego:
        data.example_test.test_concat: FAIL (2µs)
          filled + filled: FAIL
        data.example_test.test_matrix: FAIL (2µs)
          b: FAIL
            1: FAIL
            2: FAIL
        --------------------------------------------------------------------------------
        PASS: 5/8
        FAIL: 3/8
        """);
    assertThat(TestReport.pretty(results.subList(0, 1), true))
        .isEqualTo(
            """
        example_test.rego:
        data.example_test.test_concat: FAIL (2µs)
          empty + empty: PASS
          empty + filled: PASS
          filled + filled: FAIL
        --------------------------------------------------------------------------------
        PASS: 2/3
        FAIL: 1/3
        """);
  }

  @Test
  void theJsonReportCarriesTheCases() throws Exception {
    String json = TestReport.json(run().subList(0, 1));

    assertThat(json.replaceAll("\\s+", ""))
        .contains(
            "\"sub_results\":{\"empty+empty\":{},\"empty+filled\":{},\"filled+filled\":{\"fail\":true}}");
  }
}
