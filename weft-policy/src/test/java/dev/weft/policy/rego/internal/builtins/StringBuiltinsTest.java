package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.arr;
import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.failure;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static dev.weft.policy.rego.internal.builtins.B.set;
import static dev.weft.policy.rego.internal.builtins.B.text;
import static dev.weft.policy.rego.internal.builtins.B.typeError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.ObjectValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StringBuiltinsTest {

  @ParameterizedTest(name = "{0}({1}, {2}) = {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "concat      | \",\"        | [\"a\", \"b\"]   | \"a,b\"",
        "concat      | \",\"        | []               | \"\"",
        "concat      | \"\"         | [\"a\", \"b\"]   | \"ab\"",
        "split       | \"a,b,,c\"   | \",\"            | [\"a\", \"b\", \"\", \"c\"]",
        "split       | \"abc\"      | \"x\"            | [\"abc\"]",
        "split       | \"aé\"       | \"\"             | [\"a\", \"é\"]",
        "split       | \"\"         | \"\"             | []",
        "split       | \"\"         | \",\"            | [\"\"]",
        "startswith  | \"abc\"      | \"ab\"           | true",
        "startswith  | \"abc\"      | \"\"             | true",
        "endswith    | \"abcdefgh\" | \"fgh\"          | true",
        "endswith    | \"abc\"      | \"b\"            | false",
        "contains    | \"abc\"      | \"bc\"           | true",
        "contains    | \"abc\"      | \"\"             | true",
        "trim        | \"¡¡¡foo, bar!!!\" | \"i\"      | \"¡¡¡foo, bar!!!\"",
        "trim        | \"¡¡¡foo, bar!!!\" | \"!¡\"     | \"foo, bar\"",
        "trim_left   | \"xxaxx\"    | \"x\"            | \"axx\"",
        "trim_right  | \"xxaxx\"    | \"x\"            | \"xxa\"",
        "trim_prefix | \"foobar\"   | \"foo\"          | \"bar\"",
        "trim_prefix | \"foobar\"   | \"bar\"          | \"foobar\"",
        "trim_suffix | \"foobar\"   | \"bar\"          | \"foo\"",
        "indexof     | \"aåäöb\"    | \"b\"            | 4",
        "indexof     | \"abcabc\"   | \"ca\"           | 2",
        "indexof     | \"abc\"      | \"x\"            | -1",
        "indexof_n   | \"aaaa\"     | \"aa\"           | [0, 1, 2]",
        "indexof_n   | \"äxäx\"     | \"x\"            | [1, 3]",
        "indexof_n   | \"abc\"      | \"x\"            | []",
        "strings.count | \"cheese\" | \"e\"            | 3",
        "strings.count | \"aaaa\"   | \"aa\"           | 2",
        "strings.count | \"five\"   | \"\"             | 5",
        "strings.any_prefix_match | [\"a/b/c\", \"e/f/g\"] | [\"d/\", \"e/f/g\"] | true",
        "strings.any_prefix_match | [\"aa/bb/cc\"] | [\"a/b\"]     | false",
        "strings.any_prefix_match | \"a/b/c\"  | \"a/\"            | true",
        "strings.any_prefix_match | []         | [\"a\"]          | false",
        "strings.any_prefix_match | [\"a\"]    | []               | false",
        "strings.any_prefix_match | [\"\", \"a/b/c\"] | [\"z/\", \"\"] | true",
        "strings.any_suffix_match | [\"a.example.com\"] | [\".com\"]  | true",
        "strings.any_suffix_match | \"héé\"    | \"éé\"           | true",
        "strings.any_suffix_match | \"héé\"    | [\"hé\"]         | false",
        "format_int  | 15.5         | 16               | \"f\"",
        "format_int  | -15.5        | 16               | \"-f\"",
        "format_int  | 5            | 2                | \"101\"",
        "format_int  | 64           | 8                | \"100\"",
        // OPA formats integers beyond int64 through a 64-bit-mantissa big.Float.
        "format_int  | 12345678901234567890123 | 10    | \"12345678901234567889920\"",
        "format_int  | 1.9          | 10               | \"1\"",
      })
  void binary(String op, String a, String b, String want) throws Exception {
    assertThat(text(op, a, b)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}({1}) = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lower           | \"AbC ÄÖ\"       | \"abc äö\"",
        "upper           | \"abc äö ß\"     | \"ABC ÄÖ ß\"",
        "upper           | \"ǆ\"            | \"Ǆ\"",
        "lower           | \"İ\"            | \"i\"",
        "trim_space      | \" \\t a b \\n\"  | \"a b\"",
        "trim_space      | \"\u00a0x\u3000\" | \"x\"",
        "trim_space      | \"\"             | \"\"",
        "strings.reverse | \"abc\"          | \"cba\"",
        "strings.reverse | \"aå\uD83D\uDE00\" | \"\uD83D\uDE00åa\"",
        "strings.reverse | \"\"             | \"\"",
      })
  void unary(String op, String a, String want) throws Exception {
    assertThat(text(op, a)).isEqualTo(want);
  }

  @ParameterizedTest(name = "substring({0}, {1}, {2}) = {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"abcdefgh\" | 2  | -1 | \"cdefgh\"",
        "\"aåäö\"     | 2  | -1 | \"äö\"",
        "\"abcdefgh\" | 2  | 3  | \"cde\"",
        "\"aåäö\"     | 1  | 2  | \"åä\"",
        "\"abc\"      | 0  | 99 | \"abc\"",
        "\"abc\"      | 3  | 1  | \"\"",
        "\"abc\"      | 9  | -1 | \"\"",
        "\"\"         | 0  | 1  | \"\"",
        "\"abc\"      | 1  | 0  | \"\"",
        "\"a\uD83D\uDE00b\" | 1 | 1 | \"\uD83D\uDE00\"",
      })
  void substring(String s, String start, String len, String want) throws Exception {
    assertThat(text("substring", s, start, len)).isEqualTo(want);
  }

  @Test
  void replace() throws Exception {
    assertThat(call("replace", s("aaa"), s("a"), s("bb"))).isEqualTo(s("bbbbbb"));
    assertThat(call("replace", s("abab"), s("ab"), s(""))).isEqualTo(s(""));
    assertThat(call("replace", s("aé"), s(""), s("-"))).isEqualTo(s("-a-é-"));
    assertThat(call("replace", s(""), s(""), s("-"))).isEqualTo(s("-"));
    assertThat(call("replace", s("abc"), s("x"), s("y"))).isEqualTo(s("abc"));
    ObjectValue patterns =
        ObjectValue.builder().put("a", s("1")).put("ab", s("2")).put("b", s("3")).build();
    assertThat(call("strings.replace_n", patterns, s("abcab"))).isEqualTo(s("13c13"));
    ObjectValue swap = ObjectValue.builder().put("<", s("&lt;")).put(">", s("&gt;")).build();
    assertThat(call("strings.replace_n", swap, s("<a>"))).isEqualTo(s("&lt;a&gt;"));
    assertThat(call("strings.replace_n", ObjectValue.EMPTY, s("x"))).isEqualTo(s("x"));
  }

  @Test
  void anyPrefixMatchOnSetsAndConformanceTypeErrors() throws Exception {
    assertThat(call("strings.any_prefix_match", set(s("a/b/c")), set(s("a/"), s("d/"))))
        .isEqualTo(BooleanValue.TRUE);
    assertThat(B.error(true, "strings.any_prefix_match", arr(n("1"), n("2")), arr(s("f/"))))
        .isEqualTo("operand 1 must be array of strings but got array containing number");
    assertThat(typeError("strings.any_prefix_match", "1", "[\"f/\"]"))
        .isEqualTo("operand 1 must be one of {string, set, array} but got number");
    assertThat(typeError("strings.any_prefix_match", "[\"a\"]", "[1, 2]"))
        .isEqualTo("operand 2 must be array of strings but got array containing number");
    assertThat(typeError("strings.any_prefix_match", "[\"a\"]", "1"))
        .isEqualTo("operand 2 must be one of {string, set, array} but got number");
    assertThat(B.error(true, "strings.any_suffix_match", s("a"), set(s("a"), n("1"))))
        .isEqualTo("operand 2 must be set of strings but got set containing number");
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "concat | \",\", [1] | operand 2 must be array of strings but got array containing number",
        "concat | \",\", \"a\" | operand 2 must be one of {set, array} but got string",
        "concat | 1, [] | operand 1 must be string but got number",
        "startswith | 1, \"a\" | operand 1 must be string but got number",
        "endswith | \"a\", null | operand 2 must be string but got null",
        "lower | [] | operand 1 must be string but got array",
        "substring | \"abc\", 1.5, 1 | operand 2 must be integer number but got floating-point"
            + " number",
        "substring | \"abc\", 1, \"1\" | operand 3 must be number but got string",
        "format_int | 1, 3 | operand 2 must be one of {2, 8, 10, 16}",
        "format_int | \"1\", 10 | operand 1 must be number but got string",
        "strings.replace_n | [], \"a\" | operand 1 must be object but got array",
        "strings.replace_n | {\"a\": 1}, \"a\" | operand 1 non-string value found in pattern"
            + " object",
        "sprintf | \"%d\", 1 | operand 2 must be array but got number",
        "split | \"a\", 1 | operand 2 must be string but got number",
      })
  void typeErrors(String op, String args, String want) {
    assertThat(B.error(true, op, B.jsons(B.splitArgs(args)))).isEqualTo(want);
  }

  @Test
  void nonStringPatternKeyAndFailures() {
    ObjectValue badKey = ObjectValue.builder().put(n("1"), s("x")).build();
    assertThat(B.error(true, "strings.replace_n", badKey, s("a")))
        .isEqualTo("operand 1 non-string key found in pattern object");
    assertThat(B.error(true, "format_int", n("1"), n("16.0")))
        .isEqualTo("operand 2 must be one of {2, 8, 10, 16}");
    assertThat(failure("indexof", "\"abc\"", "\"\"")).isEqualTo("empty search character");
    assertThat(failure("indexof_n", "\"abc\"", "\"\"")).isEqualTo("empty search character");
    assertThat(failure("substring", "\"abc\"", "-1", "1")).isEqualTo("negative offset");
    assertThat(failure("substring", "\"\"", "-1", "1")).isEqualTo("negative offset");
  }
}
