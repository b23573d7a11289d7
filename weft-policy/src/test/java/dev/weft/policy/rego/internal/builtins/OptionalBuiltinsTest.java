package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.json;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static dev.weft.policy.rego.internal.builtins.B.set;
import static dev.weft.policy.rego.internal.builtins.B.text;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-ins beyond the required list: json paths, units, hex, url query, range_step. */
class OptionalBuiltinsTest {

  private static final String DOC =
      "{\"a\": {\"b\": 1, \"c\": [10, 20, 30]}, \"d\": \"x\", \"e/f\": 2}";

  @ParameterizedTest(name = "{0}({1})")
  @CsvSource(
      delimiter = '#',
      value = {
        "json.filter # [\"a/b\", \"d\"] # {\"a\": {\"b\": 1}, \"d\": \"x\"}",
        "json.filter # [\"a/c/1\"] # {\"a\": {\"c\": [20]}}",
        "json.filter # [[\"a\", \"c\"]] # {\"a\": {\"c\": [10, 20, 30]}}",
        "json.filter # [\"e~1f\"] # {\"e/f\": 2}",
        "json.filter # [\"a\", \"a/b\"] # {\"a\": {\"b\": 1, \"c\": [10, 20, 30]}}",
        "json.filter # [] # {}",
        "json.filter # [\"\"] # {}",
        "json.remove # [\"a/b\", \"d\"] # {\"a\": {\"c\": [10, 20, 30]}, \"e/f\": 2}",
        "json.remove # [\"a/c/0\", \"a/c/2\"] # {\"a\": {\"b\": 1, \"c\": [20]}, \"d\": \"x\","
            + " \"e/f\": 2}",
        "json.remove # [[\"a\"]] # {\"d\": \"x\", \"e/f\": 2}",
        "json.remove # [\"zz\"] # {\"a\": {\"b\": 1, \"c\": [10, 20, 30]}, \"d\": \"x\", \"e/f\":"
            + " 2}",
      })
  void jsonPaths(String op, String paths, String want) throws Exception {
    assertThat(call(op, json(DOC), json(paths))).isEqualTo(json(want));
  }

  @Test
  void jsonPathsOverSetsAndErrors() throws Exception {
    assertThat(call("json.filter", json(DOC), set(s("d")))).isEqualTo(json("{\"d\": \"x\"}"));
    assertThat(B.error(true, "json.filter", json(DOC), s("a")))
        .isEqualTo("operand 2 must be one of {set, array} but got string");
    assertThat(B.error(true, "json.remove", json(DOC), json("[1]")))
        .isEqualTo(
            "operand 2 must be one of {set, array} containing string paths or array of"
                + " path segments but got number");
    assertThat(B.error(true, "json.remove", json("[]"), json("[]")))
        .isEqualTo("operand 1 must be object but got array");
  }

  @ParameterizedTest(name = "units.parse_bytes({0}) = {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "1 ~ 1",
        "10KB ~ 10000",
        "10k ~ 10000",
        "1KiB ~ 1024",
        "1.5GiB ~ 1610612736",
        "\"12MB\" ~ 12000000",
        "1e3 ~ 1000",
        "2.5e+2kb ~ 250000",
        "1EiB ~ 1152921504606846976",
        "0.1 ~ 0",
      })
  void parseBytes(String in, String want) throws Exception {
    assertThat(call("units.parse_bytes", s(in))).isEqualTo(n(want));
  }

  @ParameterizedTest(name = "units.parse_bytes({0}): {1}")
  @CsvSource(
      delimiter = '~',
      value = {
        "1 KB ~ spaces not allowed in resource strings",
        "KB ~ no byte amount provided",
        "10xb ~ byte unit xb not recognized",
        "1.2.3 ~ could not parse byte amount to a number",
        "1e1234567 ~ exponent too large",
      })
  void parseBytesErrors(String in, String want) {
    assertThat(B.error(false, "units.parse_bytes", s(in))).isEqualTo("units.parse_bytes: " + want);
  }

  @Test
  void hexAndUrlQuery() throws Exception {
    assertThat(call("hex.encode", s("hé"))).isEqualTo(s("68c3a9"));
    assertThat(call("hex.decode", s("68C3A9"))).isEqualTo(s("hé"));
    assertThat(B.error(false, "hex.decode", s("6g")))
        .isEqualTo("encoding/hex: invalid byte: U+0067 'g'");
    assertThat(B.error(false, "hex.decode", s("686")))
        .isEqualTo("encoding/hex: odd length hex string");
    assertThat(call("urlquery.encode", s("a b&c=é~"))).isEqualTo(s("a+b%26c%3D%C3%A9~"));
    assertThat(call("urlquery.decode", s("a+b%26c%3D%C3%A9"))).isEqualTo(s("a b&c=é"));
    assertThat(B.error(false, "urlquery.decode", s("a%zzb")))
        .isEqualTo("invalid URL escape \"%zz\"");
    assertThat(B.error(false, "urlquery.decode", s("a%4"))).isEqualTo("invalid URL escape \"%4\"");
  }

  @Test
  void rangeStep() throws Exception {
    assertThat(text("numbers.range_step", "0", "10", "3")).isEqualTo("[0, 3, 6, 9]");
    assertThat(text("numbers.range_step", "10", "0", "4")).isEqualTo("[10, 6, 2]");
    assertThat(B.failure("numbers.range_step", "0", "10", "0"))
        .isEqualTo("numbers.range_step: step must be a positive integer");
    assertThat(B.typeError("numbers.range_step", "0", "10", "1.5"))
        .isEqualTo("operand 3 must be integer number but got floating-point number");
  }
}
