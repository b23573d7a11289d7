package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.failure;
import static dev.weft.policy.rego.internal.builtins.B.text;
import static dev.weft.policy.rego.internal.builtins.B.typeError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArithmeticBuiltinsTest {

  @ParameterizedTest(name = "{0}({1}, {2}) = {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plus  | 2                    | 3                    | 5",
        "plus  | 2147483647           | 1                    | 2147483648",
        "plus  | 9223372036854775807  | 1                    | 9223372036854775808",
        "plus  | 18446744073709551617 | 1                    | 18446744073709551618",
        "plus  | 1e30                 | 1                    | 1000000000000000000000000000001",
        "plus  | 10.00                | 5                    | 15",
        "plus  | 1.5                  | 2.5                  | 4",
        "plus  | 1                    | 2.5                  | 3.5",
        "plus  | 0.1                  | 0.2                  | 0.3",
        "plus  | 1000000.5            | 0                    | 1.0000005e+06",
        "minus | -2147483648          | 1                    | -2147483649",
        "minus | -18446744073709551617 | 1                   | -18446744073709551618",
        "minus | 0.3                  | 0.1                  | 0.20000000000000000002",
        "mul   | 2147483647           | 2147483647           | 4611686014132420609",
        "mul   | -2147483648          | -2147483648          | 4611686018427387904",
        "mul   | 18446744073709551617 | 2                    | 36893488147419103234",
        "mul   | 2.5                  | 2                    | 5",
        "mul   | 0.1                  | 3                    | 0.3",
        "div   | 6                    | 3                    | 2",
        "div   | -6                   | 3                    | -2",
        "div   | 1                    | 4                    | 0.25",
        "div   | 0                    | 5                    | 0",
        "div   | 1                    | 3                    | 0.33333333333333333334",
        "div   | 2                    | 3                    | 0.6666666666666666667",
        "div   | 10                   | 4                    | 2.5",
        "div   | 1                    | 100000               | 1e-05",
        "rem   | -17                  | 5                    | -2",
        "rem   | 17                   | -5                   | 2",
        "rem   | 4.0                  | 3                    | 1",
        "rem   | 10                   | 18446744073709551616 | 10",
        "rem   | 18446744073709551617 | 18446744073709551616 | 1",
        "rem   | 100                  | -18446744073709551616 | 100",
      })
  void binary(String op, String a, String b, String want) throws Exception {
    assertThat(text(op, a, b)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}({1}) = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "abs   | -5                   | 5",
        "abs   | -2147483648          | 2147483648",
        "abs   | -9223372036854775808 | 9223372036854775808",
        "abs   | -2.5                 | 2.5",
        "abs   | -0.1                 | 0.1",
        "round | 2.5                  | 3",
        "round | -2.5                 | -3",
        "round | 2.4                  | 2",
        "round | -5                   | -5",
        "round | 10.00                | 10",
        "ceil  | 1.2                  | 2",
        "ceil  | -1.5                 | -1",
        "ceil  | 3                    | 3",
        "floor | 1.8                  | 1",
        "floor | -1.5                 | -2",
        "floor | 7.0                  | 7",
      })
  void unary(String op, String a, String want) throws Exception {
    assertThat(text(op, a)).isEqualTo(want);
  }

  @ParameterizedTest(name = "OPA quirk: {0}({1}) = {2}")
  @CsvSource({"ceil, -0.5, 1", "floor, -0.5, 0"})
  void ceilAndFloorBetweenMinusOneAndZeroFollowOpa(String op, String a, String want)
      throws Exception {
    assertThat(text(op, a)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1 / 0 | div | 1 | 0 | divide by zero",
        "1 / 0.0 | div | 1 | 0.0 | divide by zero",
        "1.5 / 0 | div | 1.5 | 0 | divide by zero",
        "1 % 0 | rem | 1 | 0 | modulo by zero",
        "1e30 % 0 | rem | 1e30 | 0 | modulo by zero",
        "1.5 % 2 | rem | 1.5 | 2 | modulo on floating-point number",
        "3 % 0.5 | rem | 3 | 0.5 | modulo on floating-point number",
      })
  void arithmeticFailures(String note, String op, String a, String b, String want) {
    assertThat(failure(op, a, b)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}({1}, {2}): {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plus  | \"1\"  | 2     | operand 1 must be number but got string",
        "plus  | 1      | null  | operand 2 must be number but got null",
        "minus | [1]    | 1     | operand 1 must be one of {number, set} but got array",
        "minus | 1      | \"x\" | operand 2 must be number but got string",
        "div   | {}     | 1     | operand 1 must be number but got object",
      })
  void typeErrors(String op, String a, String b, String want) {
    assertThat(typeError(op, a, b)).isEqualTo(want);
  }

  @org.junit.jupiter.api.Test
  void hugeExponentsAreRefusedInsteadOfExpanded() throws Exception {
    String want =
        "number out of range: about 1e1000000000 (expected: between 1e-100000 and 1e100000)";
    assertThat(B.error(false, "plus", B.n("1e999999999"), B.n("1"))).isEqualTo(want);
    assertThat(B.error(false, "plus", B.n("1e999999999"), B.n("0.5"))).isEqualTo(want);
    assertThat(B.error(false, "round", B.n("1e999999999"))).isEqualTo(want);
    assertThat(B.error(false, "sum", B.arr(B.n("1e999999999")))).isEqualTo(want);
    assertThat(B.error(false, "plus", B.n("1e-999999999"), B.n("0.5")))
        .isEqualTo(
            "number out of range: about 1e-999999998 (expected: between 1e-100000 and 1e100000)");
    assertThat(text("plus", "1e99999", "0")).startsWith("1000000000");
    assertThat(B.call("lt", B.n("1e999999999"), B.n("1e999999998")))
        .isEqualTo(dev.weft.policy.rego.value.BooleanValue.FALSE);
  }

  @org.junit.jupiter.api.Test
  void minusOnSetsIsDifferenceAndChecksBothSides() throws Exception {
    assertThat(B.call("minus", B.set(B.n("1"), B.n("2"), B.n("3")), B.set(B.n("2"))))
        .isEqualTo(B.set(B.n("1"), B.n("3")));
    assertThat(B.call("minus", B.set(B.n("1")), B.set(B.n("1")))).isEqualTo(B.set());
    assertThat(B.error(true, "minus", B.set(B.n("1")), B.n("1")))
        .isEqualTo("operand 2 must be set but got number");
    assertThat(B.error(true, "minus", B.n("1"), B.set(B.n("1"))))
        .isEqualTo("operand 2 must be number but got set");
  }

  @ParameterizedTest(name = "numbers.range({0}, {1}) = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1  | 4  | [1, 2, 3, 4]",
        "4  | 1  | [4, 3, 2, 1]",
        "0  | 0  | [0]",
        "-1 | 1  | [-1, 0, 1]",
        "1.0 | 2 | [1, 2]",
        "9223372036854775806 | 9223372036854775807 | [9223372036854775806, 9223372036854775807]",
        "18446744073709551616 | 18446744073709551617 | [18446744073709551616,"
            + " 18446744073709551617]",
      })
  void range(String a, String b, String want) throws Exception {
    assertThat(text("numbers.range", a, b)).isEqualTo(want);
  }

  @org.junit.jupiter.api.Test
  void rangeErrors() {
    assertThat(typeError("numbers.range", "1.5", "3"))
        .isEqualTo("operand 1 must be integer number but got floating-point number");
    assertThat(typeError("numbers.range", "1", "\"3\""))
        .isEqualTo("operand 2 must be integer but got string");
  }

  @ParameterizedTest(name = "to_number({0}) = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "null        | 0",
        "true        | 1",
        "false       | 0",
        "3.5         | 3.5",
        "\"10\"      | 10",
        "\"-1.5\"    | -1.5",
        "\"1e3\"     | 1e3",
        "\"007\"     | 7",
        "\".5\"      | .5",
        "\"0x1p4\"   | 16",
        "\"123456789012345678901234567890\" | 123456789012345678901234567890",
      })
  void toNumber(String a, String want) throws Exception {
    assertThat(text("to_number", a)).isEqualTo(want);
  }

  @org.junit.jupiter.api.Test
  void toNumberErrors() {
    assertThat(failure("to_number", "\"abc\""))
        .isEqualTo("strconv.ParseFloat: parsing \"abc\": invalid syntax");
    assertThat(failure("to_number", "\" 1\""))
        .isEqualTo("strconv.ParseFloat: parsing \" 1\": invalid syntax");
    assertThat(failure("to_number", "\"\""))
        .isEqualTo("strconv.ParseFloat: parsing \"\": invalid syntax");
    assertThat(failure("to_number", "\"1e400\""))
        .isEqualTo("strconv.ParseFloat: parsing \"1e400\": value out of range");
    assertThat(typeError("to_number", "\"-Inf\""))
        .isEqualTo("operand 1 must be valid number string but got string");
    assertThat(typeError("to_number", "\"NaN\""))
        .isEqualTo("operand 1 must be valid number string but got string");
    assertThat(typeError("to_number", "[]"))
        .isEqualTo("operand 1 must be one of {null, boolean, number, string} but got array");
  }
}
