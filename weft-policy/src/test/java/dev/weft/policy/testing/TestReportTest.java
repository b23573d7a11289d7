package dev.weft.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.testing.TestResult.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report formats of opa test. */
class TestReportTest {

  private static TestResult result(
      String file, String name, Outcome outcome, long nanos, String error, List<String> output) {
    return new TestResult(
        "data.authz_test",
        name,
        new Location(file, 3, 1),
        outcome,
        Duration.ofNanos(nanos),
        error,
        List.of(),
        output);
  }

  private static final List<TestResult> MIXED =
      List.of(
          result("a_test.rego", "test_ok", Outcome.PASS, 1_417, null, List.of()),
          result("a_test.rego", "test_bad", Outcome.FAIL, 2_500_000, null, List.of()),
          result(
              "a_test.rego",
              "test_boom",
              Outcome.ERROR,
              320,
              "a_test.rego:9:3: eval_conflict_error: complete rules must not produce multiple"
                  + " outputs",
              List.of()),
          result("b_test.rego", "test_printing", Outcome.FAIL, 0, null, List.of("x is 1", "done")),
          result("b_test.rego", "todo_test_later", Outcome.SKIPPED, 0, null, List.of()),
          result("b_test.rego", "test_fine", Outcome.PASS, 1_000_000_000, null, List.of()));

  @Test
  void prettyListsWhatDidNotPassUnderItsFile() {
    assertThat(TestReport.pretty(MIXED, false))
        .isEqualTo(
            """
            a_test.rego:
            data.authz_test.test_bad: FAIL (2.5ms)
            data.authz_test.test_boom: ERROR (320ns)
              a_test.rego:9:3: eval_conflict_error: complete rules must not produce multiple outputs

            b_test.rego:
            data.authz_test.test_printing: FAIL (0s)

              x is 1
              done

            data.authz_test.todo_test_later: SKIPPED
            --------------------------------------------------------------------------------
            PASS: 2/6
            FAIL: 2/6
            SKIPPED: 1/6
            ERROR: 1/6
            """);
  }

  @Test
  void verboseListsEveryTestWithItsDuration() {
    assertThat(TestReport.pretty(MIXED.subList(3, 6), true))
        .isEqualTo(
            """
            b_test.rego:
            data.authz_test.test_printing: FAIL (0s)

              x is 1
              done

            data.authz_test.todo_test_later: SKIPPED
            data.authz_test.test_fine: PASS (1s)
            --------------------------------------------------------------------------------
            PASS: 1/3
            FAIL: 1/3
            SKIPPED: 1/3
            """);
  }

  @Test
  void allPassingPrintsOnlyTheCount() {
    assertThat(TestReport.pretty(List.of(MIXED.getFirst(), MIXED.getLast()), false))
        .isEqualTo("PASS: 2/2\n");
    assertThat(TestReport.pretty(List.of(), false)).isEmpty();
  }

  @Test
  void jsonHasOpasFields() {
    TestResult error =
        new TestResult(
            "data.authz_test",
            "test_boom",
            new Location("a_test.rego", 7, 1),
            Outcome.ERROR,
            Duration.ofNanos(320),
            "a_test.rego:9:3: eval_conflict_error: conflict",
            List.of(
                new RegoError(
                    RegoError.EVAL_CONFLICT, "conflict", new Location("a_test.rego", 9, 3), null)),
            List.of("hi"));

    assertThat(TestReport.json(List.of(MIXED.get(1), MIXED.get(4), error)))
        .isEqualTo(
            """
            [
              {
                "location": {
                  "file": "a_test.rego",
                  "row": 3,
                  "col": 1
                },
                "package": "data.authz_test",
                "name": "test_bad",
                "duration": 2500000,
                "fail": true
              },
              {
                "location": {
                  "file": "b_test.rego",
                  "row": 3,
                  "col": 1
                },
                "package": "data.authz_test",
                "name": "todo_test_later",
                "duration": 0,
                "skip": true
              },
              {
                "error": {
                  "code": "eval_conflict_error",
                  "message": "conflict",
                  "location": {
                    "file": "a_test.rego",
                    "row": 9,
                    "col": 3
                  }
                },
                "location": {
                  "file": "a_test.rego",
                  "row": 7,
                  "col": 1
                },
                "package": "data.authz_test",
                "name": "test_boom",
                "output": "aGkK",
                "duration": 320
              }
            ]
            """);
    assertThat(TestReport.json(List.of())).isEqualTo("[]\n");
  }
}
