package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.arr;
import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.BooleanValue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Expressions and globs that make a backtracking matcher take exponential time finish: the timeouts
 * are generous bounds a linear-time matcher meets by orders of magnitude (java.util.regex needed
 * about a minute for the first one), not measurements.
 */
class LinearTimeMatchingTest {

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void nestedStarsAgainstANearMissFinish() throws Exception {
    String s = "a".repeat(31) + "b";
    assertThat(call("regex.match", s("^(.*a){14}$"), s(s))).isEqualTo(BooleanValue.FALSE);
    assertThat(call("regex.match", s("^(a+)+$"), s("a".repeat(5_000) + "!")))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(call("regex.find_n", s("(x+x+)+y"), s("x".repeat(2_000)), B.n("-1")))
        .isEqualTo(arr());
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void globsWithManyStarsFinish() throws Exception {
    String subject = "a".repeat(10_000);
    assertThat(call("glob.match", s("*a*a*a*a*a*a*a*a*a*a*b"), arr(), s(subject)))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(call("glob.match", s("**a**a**a**a**a**a**a**b"), B.json("null"), s(subject)))
        .isEqualTo(BooleanValue.FALSE);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void globIntersectionsWithManyStarsFinish() throws Exception {
    // The last tokens match, so the walk has to try the stars against every position before 'c'.
    assertThat(call("regex.globs_match", s("a*".repeat(40) + "b"), s("a".repeat(60) + "cb")))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(call("regex.globs_match", s("a*".repeat(40) + "b"), s("a".repeat(60) + "b")))
        .isEqualTo(BooleanValue.TRUE);
  }

  @Test
  void nestedCountedRepetitionsAreRefusedAsGoRefusesThem() {
    assertThat(B.error(false, "regex.match", s("((a{1000}){1000}){1000}"), s("a")))
        .isEqualTo("error parsing regexp: invalid repeat count: `{1000}`");
    assertThat(B.error(false, "regex.match", s("(a{100}){11}"), s("a")))
        .isEqualTo("error parsing regexp: invalid repeat count: `{11}`");
  }

  @Test
  void deepNestingAndHugeProgramsAreRefusedAsGoRefusesThem() {
    String deep = "(".repeat(1_001) + "a" + ")".repeat(1_001);
    assertThat(B.error(false, "regex.match", s(deep), s("a")))
        .isEqualTo("error parsing regexp: expression nests too deeply: `" + deep + "`");
    String large = "(" + "x".repeat(4_000) + "){1000}";
    assertThat(B.error(false, "regex.match", s(large), s("x")))
        .isEqualTo("error parsing regexp: expression too large: `" + large + "`");
  }
}
