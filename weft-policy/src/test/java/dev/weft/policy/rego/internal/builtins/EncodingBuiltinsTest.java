package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.arr;
import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.json;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static dev.weft.policy.rego.internal.builtins.B.set;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncodingBuiltinsTest {

  private static String str(Value v) {
    return ((StringValue) v).value();
  }

  @Test
  void jsonMarshal() throws Exception {
    ObjectValue foo = ObjectValue.builder().put("foo", set(n("3"), n("1"), n("2"))).build();
    assertThat(str(call("json.marshal", arr(foo)))).isEqualTo("[{\"foo\":[1,2,3]}]");
    ObjectValue o =
        ObjectValue.builder()
            .put("b", n("1.50"))
            .put("a", s("<x> & \"y\"\n"))
            .put(n("2"), NullValue.NULL)
            .put(arr(n("1")), BooleanValue.TRUE)
            .build();
    assertThat(str(call("json.marshal", o)))
        .isEqualTo(
            "{\"2\":null,\"[1]\":true,\"a\":\"\\u003cx\\u003e \\u0026 \\\"y\\\"\\n\",\"b\":1.50}");
    assertThat(str(call("json.marshal", s("\u0001\u2028é")))).isEqualTo("\"\\u0001\\u2028é\"");
    assertThat(str(call("json.marshal", ObjectValue.EMPTY))).isEqualTo("{}");
    assertThat(str(call("json.marshal", n("123456789012345678901234567890"))))
        .isEqualTo("123456789012345678901234567890");
  }

  @ParameterizedTest(name = "json.unmarshal({0})")
  @CsvSource(
      delimiter = '~',
      value = {
        "{\"a\": [1, 2.50, \"x\", true, null]} ~ {\"a\": [1, 2.50, \"x\", true, null]}",
        "  \"\\u00e9\\ud83d\\ude00\\n\"  ~ \"é\uD83D\uDE00\\n\"",
        "\"\\ud800\" ~ \"\uFFFD\"",
        "{\"a\": 1, \"a\": 2} ~ {\"a\": 2}",
        "1e400 ~ 1e400",
        "123456789012345678901234567890 ~ 123456789012345678901234567890",
        "1 null ~ 1",
      })
  void jsonUnmarshal(String text, String want) throws Exception {
    Value got = call("json.unmarshal", s(text));
    assertThat(got.toString()).isEqualTo(want);
  }

  @ParameterizedTest(name = "json.unmarshal({0}): {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "'' ~ EOF",
        "'   ' ~ EOF",
        "{ ~ unexpected EOF",
        "[1, ~ unexpected EOF",
        "plainstring ~ invalid character 'p' looking for beginning of value",
        "{\"a\" 1} ~ invalid character '1' after object key",
        "{\"a\": 1 \"b\": 2} ~ invalid character '\"' after object key:value pair",
        "{1: 2} ~ invalid character '1' looking for beginning of object key string",
        "[1 2] ~ invalid character '2' after array element",
        "[1,] ~ invalid character ']' looking for beginning of value",
        "{\"a\":1,} ~ invalid character '}' looking for beginning of object key string",
        "01 ~ error: invalid character '1' after top-level value",
        "1 2 ~ error: invalid character '2' after top-level value",
        "{} [] ~ error: invalid character '[' after top-level value",
        "{} } ~ invalid character '}' looking for beginning of value",
        "\"a\" \"b\" ~ error: invalid character 'b' after top-level value",
        "tru ~ unexpected EOF",
        "trux ~ invalid character 'x' in literal true (expecting 'e')",
        "-x ~ invalid character 'x' in numeric literal",
        "1.x ~ invalid character 'x' after decimal point in numeric literal",
        "1ex ~ invalid character 'x' in exponent of numeric literal",
        "\"a\\qb\" ~ invalid character 'q' in string escape code",
        "\"\\u12g4\" ~ invalid character 'g' in \\u hexadecimal character escape",
        "'''' ~ invalid character '\\'' looking for beginning of value",
      })
  void jsonUnmarshalErrors(String text, String want) {
    assertThat(B.error(false, "json.unmarshal", s(text))).isEqualTo(want);
    assertThat(call0("json.is_valid", s(text))).isEqualTo(BooleanValue.FALSE);
  }

  @Test
  void jsonNestingIsLimitedAsGoLimitsIt() throws Exception {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThat(call("json.is_valid", s(deep))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("json.unmarshal", s(deep)))
        .isInstanceOf(dev.weft.policy.rego.value.ArrayValue.class);
    assertThat(B.error(false, "json.unmarshal", s("[" + deep + "]")))
        .isEqualTo("invalid character '[' exceeded max depth");
  }

  @Test
  void jsonControlCharacterInString() {
    assertThat(B.error(false, "json.unmarshal", s("\"a\nb\"")))
        .isEqualTo("invalid character '\\n' in string literal");
  }

  private static Value call0(String name, Value... args) {
    try {
      return call(name, args);
    } catch (BuiltinException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void jsonIsValid() throws Exception {
    assertThat(call("json.is_valid", s("{\"json\": \"ok\"}"))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("json.is_valid", s("{"))).isEqualTo(BooleanValue.FALSE);
    assertThat(call("json.is_valid", s("1 null"))).isEqualTo(BooleanValue.FALSE);
    assertThat(call("json.is_valid", n("1"))).isEqualTo(BooleanValue.FALSE);
  }

  @ParameterizedTest(name = "{0}({1}) = {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "base64.encode ~ there ~ dGhlcmU=",
        "base64.encode ~ subjects?_d ~ c3ViamVjdHM/X2Q=",
        "base64.encode ~ '' ~ ''",
        "base64.decode ~ dGhlcmU= ~ there",
        "base64.decode ~ 'dGhl\ncmU=' ~ there",
        "base64.decode ~ w6k= ~ é",
        "base64.decode ~ dG== ~ t",
        "base64url.encode ~ subjects?_d ~ c3ViamVjdHM_X2Q=",
        "base64url.encode_no_pad ~ subjects?_d ~ c3ViamVjdHM_X2Q",
        "base64url.decode ~ c3ViamVjdHM_X2Q ~ subjects?_d",
        "base64url.decode ~ c3ViamVjdHM_X2Q= ~ subjects?_d",
        "base64url.decode ~ '' ~ ''",
      })
  void base64(String op, String in, String want) throws Exception {
    assertThat(str(call(op, s(in)))).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}({1}): {2}")
  @CsvSource(
      delimiter = '~',
      value = {
        "base64.decode ~ dGhlcmU ~ illegal base64 data at input byte 4",
        "base64.decode ~ dGh*cmU= ~ illegal base64 data at input byte 3",
        "base64.decode ~ d=== ~ illegal base64 data at input byte 1",
        "base64.decode ~ dGhlcmU=x ~ illegal base64 data at input byte 8",
        "base64.decode ~ é ~ illegal base64 data at input byte 0",
        "base64url.decode ~ abcde ~ illegal base64url string: abcde",
        "base64url.decode ~ c3Vi+mVj ~ illegal base64 data at input byte 4",
      })
  void base64Errors(String op, String in, String want) {
    assertThat(B.error(false, op, s(in))).isEqualTo(want);
  }

  @Test
  void base64IsValidAndTypes() throws Exception {
    assertThat(call("base64.is_valid", s("dGhlcmU="))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("base64.is_valid", s("dGhlcmU"))).isEqualTo(BooleanValue.FALSE);
    assertThat(call("base64.is_valid", n("1"))).isEqualTo(BooleanValue.FALSE);
    assertThat(B.error(true, "base64.encode", n("1")))
        .isEqualTo("operand 1 must be string but got number");
  }

  @Test
  void yamlUnmarshal() throws Exception {
    assertThat(call("yaml.unmarshal", s("foo:\n  - qux: bar\n  - baz: 2\n")))
        .isEqualTo(json("{\"foo\": [{\"qux\": \"bar\"}, {\"baz\": 2}]}"));
    assertThat(call("yaml.unmarshal", s("a: 1.5\nb: 1e3\nc: true\nd: null\ne: 'x'\n")).toString())
        .isEqualTo("{\"a\": 1.5, \"b\": 1000, \"c\": true, \"d\": null, \"e\": \"x\"}");
    assertThat(call("yaml.unmarshal", s(""))).isEqualTo(NullValue.NULL);
    assertThat(call("yaml.unmarshal", s("a: 1\n---\nb: 2\n"))).isEqualTo(json("{\"a\": 1}"));
    assertThat(call("yaml.unmarshal", s("[1, 2]"))).isEqualTo(json("[1, 2]"));
    assertThat(B.error(false, "yaml.unmarshal", s("a: [")))
        .startsWith("error converting YAML to JSON: yaml: ");
    assertThat(B.error(true, "yaml.unmarshal", n("1")))
        .isEqualTo("operand 1 must be string but got number");
  }

  @ParameterizedTest(name = "yaml.is_valid({0}) = {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "'foo:\n - qux: bar\n - baz: 2' ~ true",
        "'foo:\n - qux: bar\n - baz: {' ~ false",
        "{\"json\": \"ok\"} ~ true",
        "'  test:\ntest1: hello\n' ~ false",
        "'a: 1\n---\n\tb: 2\n' ~ false",
        "'a: 1\n---\nb: 2\n' ~ true",
      })
  void yamlIsValid(String text, boolean want) throws Exception {
    assertThat(call("yaml.is_valid", s(text))).isEqualTo(BooleanValue.of(want));
  }

  @Test
  void yamlIsValidOnNonStrings() throws Exception {
    assertThat(call("yaml.is_valid", n("1"))).isEqualTo(BooleanValue.FALSE);
  }

  @Test
  void yamlMarshal() throws Exception {
    Value v =
        json(
            "{\"b\": [1, {\"x\": \"y\", \"w\": []}], \"a\": {\"c\": \"true\", \"d\": \"\"}, \"e\":"
                + " \"a: b\", \"f\": \"line1\\n"
                + "line2\", \"g\": 1.0, \"h\": null, \"a10\": 1, \"a9\": 2}");
    assertThat(str(call("yaml.marshal", v)))
        .isEqualTo(
            "a:\n  c: \"true\"\n  d: \"\"\na9: 2\na10: 1\nb:\n- 1\n- w: []\n  x: \"y\"\n"
                + "e: 'a: b'\nf: |-\n  line1\n  line2\ng: 1\nh: null\n");
    assertThat(str(call("yaml.marshal", s("x")))).isEqualTo("x\n");
    assertThat(str(call("yaml.marshal", ObjectValue.EMPTY))).isEqualTo("{}\n");
    assertThat(str(call("yaml.marshal", arr()))).isEqualTo("[]\n");
    assertThat(str(call("yaml.marshal", NumberValue.of(1_000_000)))).isEqualTo("1000000\n");
    assertThat(str(call("yaml.marshal", n("1e21")))).isEqualTo("1e+21\n");
    assertThat(str(call("yaml.marshal", set(s("b"), s("a"))))).isEqualTo("- a\n- b\n");
    assertThat(str(call("yaml.marshal", json("[[1, 2], [3]]")))).isEqualTo("- - 1\n  - 2\n- - 3\n");
  }

  @Test
  void marshalRejectsNumberLiteralsGoCannotWrite() {
    assertThat(B.error(false, "json.marshal", arr(n("+5"))))
        .isEqualTo("json: invalid number literal \"+5\"");
  }
}
