package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.NumberValue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A deadline and a step budget stop an evaluation with an eval_cancel_error. */
class EvalLimitsTest {

  /** Visits 100,000 elements: a step each, plus the comprehension's body steps. */
  private static final String LOOP =
      """
      package t
      n := count([x | some x in numbers.range(1, 100000); x > 0])
      small := count([x | some x in [1, 2, 3]])
      """;

  private static PreparedQuery query(String ref) throws PolicyException {
    return RegoPolicy.builder().module("t.rego", LOOP).build().prepare(ref);
  }

  @Test
  void anEvaluationPastItsStepBudgetStopsWithACancelError() throws Exception {
    EvalOptions options = EvalOptions.of(null).withLimits(EvalLimits.NONE.withMaxSteps(5_000));

    assertThatThrownBy(() -> query("data.t.n").evaluate(options))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              assertThat(e.errors())
                  .singleElement()
                  .satisfies(
                      err -> {
                        assertThat(err.code()).isEqualTo("eval_cancel_error");
                        assertThat(err.message())
                            .isEqualTo("policy evaluation exceeded its budget of 5000 steps");
                      });
            });
  }

  @Test
  void anEvaluationPastItsDeadlineStopsWithACancelError() throws Exception {
    AtomicLong now = new AtomicLong();
    // Every reading of the ticker is 5 ms later: the deadline passes at the 50th of about 200.
    EvalLimits limits =
        EvalLimits.NONE
            .withTimeout(Duration.ofMillis(250))
            .withTicker(() -> now.addAndGet(5_000_000));
    EvalOptions options = EvalOptions.of(null).withLimits(limits);

    assertThatThrownBy(() -> query("data.t.n").evaluateFirst(options))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "eval_cancel_error: policy evaluation exceeded its deadline of 250ms"));
  }

  @Test
  void theDeadlineIsReadOnlyEveryThousandSteps() throws Exception {
    AtomicLong readings = new AtomicLong();
    EvalLimits limits =
        EvalLimits.NONE
            .withTimeout(Duration.ofSeconds(5))
            .withTicker(
                () -> {
                  readings.incrementAndGet();
                  return 0;
                });

    assertThat(query("data.t.n").evaluateFirst(EvalOptions.of(null).withLimits(limits)))
        .contains(NumberValue.of(100_000));
    // One reading to start, then one per CHECK_EVERY steps of the 200,000 or so taken.
    assertThat(readings.get()).isBetween(100L, 400L);
  }

  @Test
  void anEvaluationWithinItsLimitsIsUnchanged() throws Exception {
    EvalOptions options = EvalOptions.of(null).withLimits(EvalLimits.DECISION);

    assertThat(query("data.t.small").evaluateFirst(options)).contains(NumberValue.of(3));
    assertThat(Json.write(query("data.t.n").evaluateFirst(EvalOptions.of(null)).orElseThrow()))
        .isEqualTo("100000");
  }

  @Test
  void limitsRefuseNegativeAndHugeValues() {
    assertThatThrownBy(() -> EvalLimits.NONE.withTimeout(Duration.ofSeconds(-1)))
        .hasMessage("timeout: -1s (expected: 0 for none, or up to 100 days)");
    assertThatThrownBy(() -> EvalLimits.NONE.withTimeout(Duration.ofDays(101)))
        .hasMessage("timeout: 2424h0m0s (expected: 0 for none, or up to 100 days)");
    assertThatThrownBy(() -> EvalLimits.NONE.withMaxSteps(-1))
        .hasMessage("max steps: -1 (expected: 0 for none, or a positive number)");
  }
}
