package dev.weft.policy.rego.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Value;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Built-ins called from Rego through the engine: results, undefinedness and error reporting. */
class BuiltinsEvalTest {

  private static final String POLICY =
      """
      package t

      div := 1 / 3
      msg := sprintf("%s has %d roles: %v", [input.user, count(input.roles), input.roles])
      admin if "admin" in input.roles
      host_ok if glob.match("*.example.com", [], input.host)
      digits := regex.find_n(`\\d+`, input.text, -1)
      in_net if net.cidr_contains("10.0.0.0/8", input.ip)
      year := time.date(time.now_ns())[0]
      prefix_err if strings.any_prefix_match(input.roles, input.prefixes)
      no_max := max([])
      """;

  private static RegoPolicy policy() throws PolicyException {
    return RegoPolicy.builder().module("t.rego", POLICY).build();
  }

  private static Value eval(String rule, String input, boolean strict) throws Exception {
    EvalOptions options =
        EvalOptions.of(B.json(input))
            .withStrictBuiltinErrors(strict)
            .withClock(Clock.fixed(Instant.parse("2017-06-02T19:00:00Z"), ZoneOffset.UTC));
    return policy().prepare("data.t." + rule).evaluateFirst(options).orElse(null);
  }

  @Test
  void resultsThroughTheEngine() throws Exception {
    String input =
        "{\"user\": \"alice\", \"roles\": [\"admin\", \"dev\"], \"host\": \"api.example.com\","
            + " \"text\": \"a1b22c333\", \"ip\": \"10.1.2.3\"}";
    assertThat(eval("div", input, false)).hasToString("0.33333333333333333334");
    assertThat(eval("msg", input, false)).isEqualTo(B.s("alice has 2 roles: [\"admin\", \"dev\"]"));
    assertThat(eval("admin", input, false)).isEqualTo(B.json("true"));
    assertThat(eval("host_ok", input, false)).isEqualTo(B.json("true"));
    assertThat(eval("digits", input, false)).isEqualTo(B.json("[\"1\", \"22\", \"333\"]"));
    assertThat(eval("in_net", input, false)).isEqualTo(B.json("true"));
    assertThat(eval("year", input, false)).isEqualTo(B.json("2017"));
    assertThat(eval("no_max", input, false)).isNull();
  }

  @Test
  void builtinErrorsAreUndefinedUnlessStrict() throws Exception {
    String input = "{\"roles\": [1, 2], \"prefixes\": [\"a\"], \"ip\": \"not-an-ip\"}";
    assertThat(eval("prefix_err", input, false)).isNull();
    assertThat(eval("in_net", input, false)).isNull();
    assertThatThrownBy(() -> eval("prefix_err", input, true))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.errors().getFirst().opaString())
                    .isEqualTo(
                        "t.rego:10: eval_type_error: strings.any_prefix_match: operand 1 must be"
                            + " array of strings but got array containing number"));
    assertThatThrownBy(() -> eval("in_net", input, true))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.errors().getFirst().opaString())
                    .isEqualTo(
                        "t.rego:8: eval_builtin_error: net.cidr_contains: not a valid textual"
                            + " representation of an IP address or CIDR: not-an-ip"));
  }
}
