package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a policy result reads as a decision, for both authorizers. */
class DecisionFromResultTest {

  static final DecisionPath PATH = DecisionPath.parse("weft/authz");

  static Decision decide(String resultJson) throws Exception {
    Value result = resultJson == null ? null : Json.parse(resultJson);
    return Decision.fromResult(PATH, result, "rev-1", Duration.ofNanos(42), "id-1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          true                                          | true  | allowed by weft/authz
          false                                         | false | denied by weft/authz: the result is false
          {"allow": true}                               | true  | allowed by weft/authz
          {"allow": false}                              | false | denied by weft/authz: allow is false
          {"same_trust_domain": true}                   | false | denied by weft/authz: allow is undefined
          {"allow": "true"}                             | false | denied by weft/authz: allow is a string (expected: a boolean)
          {"allow": true, "reason": "same domain"}      | true  | allowed by weft/authz: same domain
          {"allow": false, "reason": "not federated"}   | false | denied by weft/authz: not federated
          {"allow": false, "reasons": ["a", "b"]}       | false | denied by weft/authz: a; b
          {"allow": true, "deny": ["action not allowed"]} | false | denied by weft/authz: action not allowed
          {"allow": true, "deny": []}                   | true  | allowed by weft/authz
          {"allow": false, "deny": ["x"], "reason": "y"} | false | denied by weft/authz: x; y
          {"allow": false, "deny": [{"code": 7}]}       | false | denied by weft/authz: {"code":7}
          "yes"                                         | false | denied by weft/authz: the result is a string (expected: a boolean, or an object with a boolean allow)
          [true]                                        | false | denied by weft/authz: the result is an array (expected: a boolean, or an object with a boolean allow)
          null                                          | false | denied by weft/authz: the result is null (expected: a boolean, or an object with a boolean allow)
          {"allow": null}                               | false | denied by weft/authz: allow is null (expected: a boolean)
          {"allow": {"x": 1}}                           | false | denied by weft/authz: allow is an object (expected: a boolean)
          """)
  void results(String json, boolean allowed, String reason) throws Exception {
    Decision d = decide(json);

    assertThat(d.allowed()).isEqualTo(allowed);
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.result()).isEqualTo(Json.parse(json));
    assertThat(d.revision()).isEqualTo("rev-1");
    assertThat(d.duration()).isEqualTo(Duration.ofNanos(42));
    assertThat(d.decisionId()).isEqualTo("id-1");
  }

  @Test
  void undefinedDenies() throws Exception {
    Decision d = decide(null);

    assertThat(d.allowed()).isFalse();
    assertThat(d.result()).isNull();
    assertThat(d.reason())
        .isEqualTo(
            "denied by weft/authz: the result is undefined (no rule matched and there is no"
                + " default)");
  }

  @Test
  void aDenySetIsReportedInSortedOrder() {
    Value result =
        ObjectValue.builder()
            .put("allow", BooleanValue.TRUE)
            .put("deny", SetValue.of(StringValue.of("zeta"), StringValue.of("alpha")))
            .build();

    Decision d = Decision.fromResult(PATH, result, "", Duration.ZERO, "id");

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("denied by weft/authz: alpha; zeta");
  }

  @Test
  void manyOrLongMessagesAreCutAndControlCharactersEscaped() throws Exception {
    StringBuilder reasons = new StringBuilder("[\"line\\nbreak\"");
    for (int i = 1; i < 12; i++) {
      reasons.append(",\"r").append(i).append('"');
    }
    Decision many = decide("{\"allow\": false, \"reasons\": " + reasons + "]}");
    Decision longOne = decide("{\"allow\": false, \"reason\": \"" + "x".repeat(300) + "\"}");

    assertThat(many.reason())
        .isEqualTo(
            "denied by weft/authz: line\\u000abreak; r1; r2; r3; r4; r5; r6; r7; r8; r9;"
                + " ... (12 messages in all)");
    assertThat(longOne.reason()).isEqualTo("denied by weft/authz: " + "x".repeat(200) + "...");
  }

  @Test
  void aDenyCarriesNoResult() {
    Decision d = Decision.deny("denied: no policy is loaded yet", "", Duration.ZERO, "id");

    assertThat(d.allowed()).isFalse();
    assertThat(d.result()).isNull();
    assertThat(d.reason()).isEqualTo("denied: no policy is loaded yet");
  }

  @Test
  void nullFieldsAreRejected() {
    assertThatThrownBy(() -> Decision.deny(null, "", Duration.ZERO, "id"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
  }
}
