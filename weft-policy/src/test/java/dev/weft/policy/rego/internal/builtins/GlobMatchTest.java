package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.arr;
import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GlobMatchTest {

  private static final Pattern CALL = Pattern.compile("glob\\.match\\((.*)\\)");

  static Stream<Conformance.Case> conformance() {
    List<Conformance.Case> cases = Conformance.cases("globmatch");
    assertThat(cases).hasSize(16);
    return cases.stream();
  }

  /** Each of OPA's globmatch cases: the literal call in its module, and the expected result. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("conformance")
  void opaConformance(Conformance.Case c) throws Exception {
    Matcher m = CALL.matcher(String.join("\n", c.modules()));
    assertThat(m.find()).as("glob.match call in %s", c.note()).isTrue();
    String[] args = B.splitArgs(m.group(1));
    Value got = call("glob.match", B.json(args[0]), B.json(args[1]), B.json(args[2]));
    JsonNode x = c.node().get("want_result").get(0).get("x");
    boolean want = x.isArray() ? x.get(0).asBoolean() : x.asBoolean();
    assertThat(got).as(c.note()).isEqualTo(BooleanValue.of(want));
  }

  @ParameterizedTest(name = "glob.match({0}, {1}, {2}) = {3}")
  @CsvSource(
      delimiter = '~',
      value = {
        "*.github.com ~ [] ~ api.github.com ~ true",
        "*.github.com ~ [] ~ api.cdn.github.com ~ false",
        "*.github.com ~ null ~ api.cdn.github.com ~ true",
        "**.github.com ~ [] ~ api.cdn.github.com ~ true",
        "api.*.com ~ [] ~ api.github.com ~ true",
        "*hub.com ~ [] ~ github.com ~ true",
        "?at ~ [] ~ cat ~ true",
        "?at ~ [] ~ at ~ false",
        "[abc]at ~ [] ~ bat ~ true",
        "[!abc]at ~ [] ~ fat ~ true",
        "[!abc]at ~ [] ~ cat ~ false",
        "[a-c]at ~ [] ~ cat ~ true",
        "[!a-c]at ~ [] ~ .at ~ true",
        "{cat,bat,[fr]at} ~ [] ~ rat ~ true",
        "{cat,bat} ~ [] ~ mat ~ false",
        "{a,{b,c}}x ~ [] ~ cx ~ true",
        "{a,b ~ [] ~ b ~ true",
        "a,b}c ~ [] ~ a,b}c ~ true",
        "a]b ~ [] ~ a]b ~ true",
        "\\{a\\} ~ [] ~ {a} ~ true",
        "*:github:com ~ [\":\"] ~ api:github:com ~ true",
        "* ~ [\".\", \"/\"] ~ a/b ~ false",
        "é? ~ [] ~ éà ~ true",
        "'' ~ [] ~ '' ~ true",
        "'' ~ [] ~ a ~ false",
      })
  void match(String pattern, String delimiters, String s, boolean want) throws Exception {
    Value d = delimiters.equals("null") ? NullValue.NULL : B.json(delimiters);
    assertThat(call("glob.match", s(pattern), d, s(s))).isEqualTo(BooleanValue.of(want));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "[abc ~ unexpected end of input",
        "[a- ~ unexpected end of input",
        "[a-c ~ unexpected end of input",
        "[a-cd] ~ expected close range character",
        "[] ~ could not parse range",
        "[!] ~ could not parse range",
        "[z-a] ~ hi character 'a' should be greater than lo 'z'",
      })
  void compileErrors(String pattern, String want) {
    assertThat(B.error(false, "glob.match", s(pattern), arr(), s("x"))).isEqualTo(want);
  }

  @org.junit.jupiter.api.Test
  void operandErrors() {
    assertThat(B.error(true, "glob.match", s("*"), s("."), s("x")))
        .isEqualTo("operand 2 must be one of {array, null} but got string");
    assertThat(B.error(true, "glob.match", s("*"), arr(NumberValue.of(1)), s("x")))
        .isEqualTo("operand 2 must be array of strings but got array containing number");
    assertThat(B.error(true, "glob.match", s("*"), arr(s("ab")), s("x")))
        .isEqualTo("operand 2 must be array of runes but got array containing string");
    assertThat(B.error(true, "glob.match", s("*"), arr(), NumberValue.of(1)))
        .isEqualTo("operand 3 must be string but got number");
  }

  @ParameterizedTest(name = "glob.quote_meta({0}) = {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "*.github.com ~ \\*.github.com",
        "{a,b}[c]?\\ ~ \\{a,b\\}\\[c\\]\\?\\\\",
        "a-b!c ~ a-b!c",
      })
  void quoteMeta(String s, String want) throws Exception {
    assertThat(call("glob.quote_meta", s(s))).isEqualTo(s(want));
    assertThat(call("glob.match", s(want), arr(), s(s))).isEqualTo(BooleanValue.TRUE);
  }
}
