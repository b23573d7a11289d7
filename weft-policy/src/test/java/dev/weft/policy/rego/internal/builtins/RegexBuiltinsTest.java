package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegexBuiltinsTest {

  private static boolean matches(String re, String s) throws BuiltinException {
    return call("regex.match", s(re), s(s)).equals(BooleanValue.TRUE);
  }

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "^a.c$ ~ abc ~ true",
        "^a.c$ ~ a\\nc ~ false",
        "(?s)^a.c$ ~ a\\nc ~ true",
        "^abc$ ~ abc\\n ~ false",
        "(?m)^b$ ~ a\\nb\\nc ~ true",
        "^b$ ~ a\\nb\\nc ~ false",
        "\\d+ ~ x١٢ ~ false",
        "\\w+ ~ é ~ false",
        "\\s ~ \\v ~ false",
        "[[:alpha:]]+ ~ abc ~ true",
        "[[:^digit:]] ~ 123 ~ false",
        "\\bfoo\\b ~ a foo b ~ true",
        "\\bfoo\\b ~ afoob ~ false",
        "\\Bo\\B ~ foo! ~ true",
        "(?i)straße ~ STRASSE ~ false",
        "(?i)ÄÖ ~ äö ~ true",
        "\\p{Greek}+ ~ αβγ ~ true",
        "\\pL ~ 1 ~ false",
        "\\PL ~ 1 ~ true",
        "\\p{^Lu} ~ A ~ false",
        "[\\p{Lu}\\d] ~ 5 ~ true",
        "a{2} ~ aa ~ true",
        "a{,2} ~ a{,2} ~ true",
        "x{ ~ x{ ~ true",
        "a{2,}b ~ aab ~ true",
        "(?U)a+ ~ aaa ~ true",
        "\\x41\\x{42}\\101 ~ ABA ~ true",
        "[]a] ~ ] ~ true",
        "[^]a] ~ b ~ true",
        "[a-] ~ - ~ true",
        "\\Qa.b\\E ~ axb ~ false",
        "\\Qa.b\\E ~ a.b ~ true",
        "(?P<first>a)(?<second>b) ~ ab ~ true",
        "^$ ~ '' ~ true",
        "'' ~ anything ~ true",
        "a|^ ~ b ~ true",
        "^* ~ x ~ true",
        "[\\D] ~ 1 ~ false",
        "\\. ~ a ~ false",
        "\\z ~ abc ~ true",
        "\\A\\z ~ '' ~ true",
        "(?i:A)b ~ aB ~ false",
        "(?i:A)b ~ ab ~ true",
        "a(?i)b|c ~ C ~ true",
      })
  void match(String re, String s, boolean want) throws Exception {
    assertThat(matches(re, s.replace("\\n", "\n").replace("\\v", "\u000b"))).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "[a ~ missing closing ]: `[a`",
        "[]  ~ missing closing ]: `[]`",
        "a( ~ missing closing ): `a(`",
        "a) ~ unexpected ): `a)`",
        "* ~ missing argument to repetition operator: `*`",
        "a|*? ~ missing argument to repetition operator: `*?`",
        "(*) ~ missing argument to repetition operator: `*`",
        "a** ~ invalid nested repetition operator: `**`",
        "a*+ ~ invalid nested repetition operator: `*+`",
        "a{2}{3} ~ invalid nested repetition operator: `{2}{3}`",
        "a{1001} ~ invalid repeat count: `{1001}`",
        "a{3,2} ~ invalid repeat count: `{3,2}`",
        "\\1 ~ invalid escape sequence: `\\1`",
        "\\q ~ invalid escape sequence: `\\q`",
        "\\x{zz} ~ invalid escape sequence: `\\x{z`",
        "\\xg1 ~ invalid escape sequence: `\\xg1`",
        "[z-a] ~ invalid character class range: `z-a`",
        "\\p{Klingon} ~ invalid character class range: `\\p{Klingon}`",
        "[[:foo:]] ~ invalid character class range: `[:foo:]`",
        "(?=a) ~ invalid or unsupported Perl syntax: `(?=`",
        "(?<!a) ~ invalid named capture: `(?<!a)`",
        "(?P<n-m>a) ~ invalid named capture: `(?P<n-m>`",
        "(?i-) ~ invalid or unsupported Perl syntax: `(?i-)`",
        "(?i ~ invalid or unsupported Perl syntax: `(?i`",
      })
  void parseErrors(String re, String want) {
    assertThat(B.error(false, "regex.match", s(re), s("x")))
        .isEqualTo("error parsing regexp: " + want);
    assertThat(call0("regex.is_valid", s(re))).isEqualTo(BooleanValue.FALSE);
  }

  @Test
  void trailingBackslash() {
    assertThat(B.error(false, "regex.match", s("a\\"), s("x")))
        .isEqualTo("error parsing regexp: trailing backslash at end of expression: ``");
  }

  private static Value call0(String name, Value... args) {
    try {
      return call(name, args);
    } catch (BuiltinException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void isValid() throws Exception {
    assertThat(call("regex.is_valid", s("^[a-z]+$"))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("regex.is_valid", NumberValue.of(1))).isEqualTo(BooleanValue.FALSE);
  }

  @ParameterizedTest(name = "regex.split({0}, {1}) = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        ", ~ a,b,c ~ [\"a\", \"b\", \"c\"]",
        "x* ~ axbc ~ [\"a\", \"b\", \"c\"]",
        "a* ~ baaac ~ [\"b\", \"c\"]",
        ", ~ '' ~ [\"\"]",
        "'' ~ abc ~ [\"a\", \"b\", \"c\"]",
        "'' ~ '' ~ []",
        "\\s+ ~ ' a  b ' ~ [\"\", \"a\", \"b\", \"\"]",
      })
  void split(String re, String s, String want) throws Exception {
    assertThat(call("regex.split", s(re), s(s)).toString()).isEqualTo(want);
  }

  @ParameterizedTest(name = "regex.find_n({0}, {1}, {2}) = {3}")
  @CsvSource(
      delimiter = '~',
      value = {
        "[oa]+ ~ foo bar ~ -1 ~ [\"oo\", \"a\"]",
        "[oa]+ ~ foo bar ~ 1 ~ [\"oo\"]",
        "[oa]+ ~ foo bar ~ 0 ~ []",
        "a* ~ baaac ~ -1 ~ [\"\", \"aaa\", \"\"]",
        "x ~ abc ~ -1 ~ []",
        "é|. ~ aé ~ -1 ~ [\"a\", \"é\"]",
      })
  void findN(String re, String s, int n, String want) throws Exception {
    assertThat(call("regex.find_n", s(re), s(s), NumberValue.of(n)).toString()).isEqualTo(want);
  }

  @Test
  void typeErrors() throws Exception {
    assertThat(B.error(true, "regex.match", NumberValue.of(1), s("a")))
        .isEqualTo("operand 1 must be string but got number");
    assertThat(B.error(true, "regex.find_n", s("a"), s("a"), s("1")))
        .isEqualTo("operand 3 must be number but got string");
  }

  @Test
  void compiledExpressionsAreSharedAcrossQueries() throws Exception {
    assertThat(Regexes.compile("^shared-[0-9]+$")).isSameAs(Regexes.compile("^shared-[0-9]+$"));
  }

  @ParameterizedTest(name = "regex.replace({0}, {1}, {2}) = {3}")
  @CsvSource(
      delimiter = '~',
      value = {
        "-wy-wxxy- ~ w(x*)y ~ 0 ~ -0-0-",
        "foo ~ (foo) ~ $1$1 ~ foofoo",
        "abc ~ x* ~ - ~ -a-b-c-",
        "foo bar ~ (?P<w>\\w+) ~ <${w}> ~ <foo> <bar>",
        "ab ~ (a) ~ $1x ~ b",
        "ab ~ (a) ~ ${1}x ~ axb",
        "ab ~ (a) ~ $$1 ~ $1b",
        "ab ~ (a) ~ ${1 ~ ${1b",
        "aaa ~ ^a ~ b ~ baa",
        "héllo ~ . ~ x ~ xxxxx",
      })
  void replace(String base, String re, String template, String want) throws Exception {
    assertThat(call("regex.replace", s(base), s(re), s(template))).isEqualTo(s(want));
  }

  @Test
  void findAllStringSubmatch() throws Exception {
    assertThat(call("regex.find_all_string_submatch_n", s("a(x*)b"), s("-ab-axb-"), B.n("-1")))
        .hasToString("[[\"ab\", \"\"], [\"axb\", \"x\"]]");
    assertThat(call("regex.find_all_string_submatch_n", s("(a)|(b)"), s("ab"), B.n("-1")))
        .hasToString("[[\"a\", \"a\", \"\"], [\"b\", \"\", \"b\"]]");
    assertThat(call("regex.find_all_string_submatch_n", s("a"), s("aaa"), B.n("2")))
        .hasToString("[[\"a\"], [\"a\"]]");
    assertThat(call("regex.find_all_string_submatch_n", s("a"), s("aaa"), B.n("0")))
        .hasToString("[]");
  }

  @Test
  void templateMatch() throws Exception {
    assertThat(
            call("regex.template_match", s("urn:foo:{.*}"), s("urn:foo:bar:baz"), s("{"), s("}")))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(
            call(
                "regex.template_match",
                s("urn:foo.bar.com:{.*}"),
                s("urn:foo.com:bar:baz"),
                s("{"),
                s("}")))
        .isEqualTo(BooleanValue.FALSE);
    assertThat(
            call(
                "regex.template_match",
                s("urn:<[a-z]+>:<[0-9]{2}>"),
                s("urn:ab:12"),
                s("<"),
                s(">")))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(B.error(false, "regex.template_match", s("urn:foo:{.*"), s("x"), s("{"), s("}")))
        .isEqualTo("unbalanced braces in \"urn:foo:{.*\"");
    assertThat(B.error(false, "regex.template_match", s("a"), s("a"), s("<<"), s(">")))
        .isEqualTo("start delimiter has to be exactly one character long but is 2 long");
    assertThat(B.error(false, "regex.template_match", s("{[}"), s("a"), s("{"), s("}")))
        .isEqualTo("error parsing regexp: missing closing ]: `[$`");
  }

  @ParameterizedTest(name = "regex.globs_match({0}, {1}) = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "a.a.[0-9]+z ~ .+.a.[0-9]+z ~ true",
        "[a-z]+ ~ [0-9]* ~ false",
        "[a-z]* ~ [0-9]* ~ false", // OPA's library ignores the common empty string
        "a*b ~ aab ~ true",
        "a*b ~ aac ~ false",
        "[ab]+c ~ [bc]+ ~ true",
        "\\.x ~ .x ~ true",
        "abc ~ ab ~ false",
      })
  void globsMatch(String a, String b, boolean want) throws Exception {
    assertThat(call("regex.globs_match", s(a), s(b))).isEqualTo(BooleanValue.of(want));
  }

  @Test
  void globsMatchErrorsNameThePosition() {
    assertThat(B.error(false, "regex.globs_match", s("a]"), s("a")))
        .isEqualTo(
            "input:a], pos:2, set-close ']' with no preceding '[': "
                + "the input provided is invalid");
    assertThat(B.error(false, "regex.globs_match", s("*a"), s("a")))
        .isEqualTo(
            "input:*a, pos:1, flag '*' must be preceded by a non-flag: "
                + "the input provided is invalid");
    assertThat(B.error(false, "regex.globs_match", s("[a"), s("a")))
        .isEqualTo("input:[a, pos:2, found [ without matching ]: the input provided is invalid");
  }

  @Test
  void deprecatedReMatchIsRegexMatch() throws Exception {
    assertThat(call("re_match", s("^a+$"), s("aa"))).isEqualTo(BooleanValue.TRUE);
  }
}
