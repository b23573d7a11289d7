package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.arr;
import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static dev.weft.policy.rego.internal.builtins.B.set;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SprintfTest {

  private static String sprintf(String format, Value... args) throws BuiltinException {
    return ((StringValue) call("sprintf", s(format), ArrayValue.of(args))).value();
  }

  @ParameterizedTest(name = "sprintf({0}, [{1}]) = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "%d          ~ 42                       ~ 42",
        "%v          ~ 42                       ~ 42",
        "%5d|        ~ 42                       ~ '   42|'",
        "%-5d|       ~ 42                       ~ '42   |'",
        "%05d        ~ -42                      ~ -0042",
        "%+d         ~ 42                       ~ +42",
        "%x          ~ 255                      ~ ff",
        "%X          ~ 255                      ~ FF",
        "%#x         ~ 255                      ~ 0xff",
        "%o          ~ 8                        ~ 10",
        "%b          ~ 5                        ~ 101",
        "%c          ~ 65                       ~ A",
        "%q          ~ 65                       ~ '''A'''",
        "%U          ~ 65                       ~ U+0041",
        "%.3d        ~ 7                        ~ 007",
        "%s          ~ 42                       ~ %!s(int=42)",
        "%f          ~ 42                       ~ %!f(int=42)",
        "%v          ~ 123456789123456789123    ~ 123456789123456789123",
        "%s          ~ 123456789123456789123    ~ 123456789123456789123",
        "%s          ~ 1208925819614629174706175 ~ 1208925819614629174706175",
        "%x          ~ 18446744073709551616     ~ 10000000000000000",
        "%f          ~ 18446744073709551616     ~ %!f(big.Int=18446744073709551616)",
        "%v          ~ 1.5                      ~ 1.5",
        "%.2f        ~ 3.14159                  ~ 3.14",
        "%.0f        ~ 2.5                      ~ 2",
        "%.0f        ~ 3.5                      ~ 4",
        "%f          ~ 1.5                      ~ 1.500000",
        "%e          ~ 1234.5678                ~ 1.234568e+03",
        "%E          ~ 0.000123                 ~ 1.230000E-04",
        "%g          ~ 1234.5678                ~ 1234.5678",
        "%.3g        ~ 1234.5678                ~ 1.23e+03",
        "%v          ~ 1e6                      ~ 1e+06",
        "%v          ~ 1e21                     ~ 1e+21",
        "%v          ~ 123456789.5              ~ 1.234567895e+08",
        "%v          ~ 0.00001                  ~ 1e-05",
        "%v          ~ 1.0                      ~ 1",
        "%d          ~ 1.0                      ~ %!d(float64=1)",
        "%8.3f|      ~ -3.14159                 ~ '  -3.142|'",
        "%08.3f      ~ -3.14159                 ~ -003.142",
        "%+.1f       ~ 2.25                     ~ +2.2",
      })
  void numbers(String format, String arg, String want) throws Exception {
    assertThat(sprintf(format, n(arg))).isEqualTo(want);
  }

  @ParameterizedTest(name = "sprintf({0}, [{1}]) = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "hi %s         ~ there     ~ hi there",
        "%v            ~ there     ~ there",
        "%q            ~ a\"b      ~ \"a\\\"b\"",
        "%x            ~ hi        ~ 6869",
        "% x           ~ hi        ~ 68 69",
        "%X            ~ hi        ~ 6869",
        "%.2s          ~ héllo     ~ hé",
        "%6s|          ~ abc       ~ '   abc|'",
        "%-6s|         ~ abc       ~ 'abc   |'",
        "%d            ~ abc       ~ %!d(string=abc)",
        "%t            ~ abc       ~ %!t(string=abc)",
        "%5.1s|        ~ xyz       ~ '    x|'",
      })
  void strings(String format, String arg, String want) throws Exception {
    assertThat(sprintf(format, s(arg))).isEqualTo(want);
  }

  @Test
  void regoValuesAreFormattedAsTermText() throws Exception {
    assertThat(sprintf("hi %s", BooleanValue.TRUE)).isEqualTo("hi true");
    assertThat(sprintf("%v", NullValue.NULL)).isEqualTo("null");
    assertThat(sprintf("%v", arr(n("1"), s("a")))).isEqualTo("[1, \"a\"]");
    assertThat(sprintf("%v", set())).isEqualTo("set()");
    assertThat(sprintf("%v", set(s("b"), n("1")))).isEqualTo("{1, \"b\"}");
    ObjectValue o = ObjectValue.builder().put("b", n("2")).put("a", s("x\ny")).build();
    assertThat(sprintf("%v", o)).isEqualTo("{\"a\": \"x\\ny\", \"b\": 2}");
    assertThat(sprintf("%v", ObjectValue.EMPTY)).isEqualTo("{}");
    assertThat(sprintf("%s", arr())).isEqualTo("[]");
    assertThat(sprintf("%d", BooleanValue.FALSE)).isEqualTo("%!d(string=false)");
    assertThat(sprintf("%v", s("\u00e9\u0001"))).isEqualTo("\u00e9\u0001");
    assertThat(sprintf("%v", arr(s("\u00e9\u0001\u00a0")))).isEqualTo("[\"\u00e9\\x01\\u00a0\"]");
  }

  @Test
  void argumentCountMismatchesAndSpecialVerbs() throws Exception {
    assertThat(sprintf("%d %d", n("1"))).isEqualTo("1 %!d(MISSING)");
    assertThat(sprintf("%d", n("1"), s("x"), n("2.5")))
        .isEqualTo("1%!(EXTRA string=x, float64=2.5)");
    assertThat(sprintf("100%%")).isEqualTo("100%");
    assertThat(sprintf("%")).isEqualTo("%!(NOVERB)");
    assertThat(sprintf("%[2]d %[1]d", n("1"), n("2"))).isEqualTo("2 1");
    assertThat(sprintf("%[3]d", n("1"))).isEqualTo("%!d(BADINDEX)");
    assertThat(sprintf("%*d|", n("4"), n("7"))).isEqualTo("   7|");
    assertThat(sprintf("%.*f", n("1"), n("2.25"))).isEqualTo("2.2");
    assertThat(sprintf("no verbs")).isEqualTo("no verbs");
    assertThat(sprintf("", s("x"))).isEqualTo("%!(EXTRA string=x)");
    assertThat(sprintf("%T %T", n("1"), s("x"))).isEqualTo("%!T(int=1) %!T(string=x)");
  }
}
