package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.arr;
import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static dev.weft.policy.rego.internal.builtins.B.set;
import static dev.weft.policy.rego.internal.builtins.B.text;
import static dev.weft.policy.rego.internal.builtins.B.typeError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregateBuiltinsTest {

  @ParameterizedTest(name = "{0}({1}, {2}) = {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lt    | 1        | 2        | true",
        "lt    | 3.5      | 3.25     | false",
        "lte   | 3.50     | 3.5      | true",
        "gt    | 1e299    | 1e-299   | true",
        "gt    | 1e400    | 1e399    | true",
        "lt    | 1234567890123456789012 | 1234567890123456789013 | true",
        "gt    | 0.1234567890123456789  | 0.1234567890123456788  | true",
        "equal | 1e2      | 100      | true",
        "equal | -0       | 0        | true",
        "neq   | 1        | 1.0      | false",
        "lt    | null     | false    | true",
        "lt    | false    | 0        | true",
        "lt    | 99       | \"\"     | true",
        "lt    | \"z\"    | []       | true",
        "lt    | [1, 2]   | [1, 3]   | true",
        "lt    | [1, 2]   | [1, 2, 0] | true",
        "lt    | [9]      | {}       | true",
        "gte   | {\"a\": 2} | {\"a\": 1} | true",
        "equal | {\"a\": [1]} | {\"a\": [1.0]} | true",
      })
  void comparison(String op, String a, String b, String want) throws Exception {
    assertThat(text(op, a, b)).isEqualTo(want);
  }

  @Test
  void setsSortAfterObjects() throws Exception {
    assertThat(call("gt", set(n("1")), B.json("{\"a\": 1}"))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("lt", set(n("1"), n("2")), set(n("1"), n("3")))).isEqualTo(BooleanValue.TRUE);
  }

  @ParameterizedTest(name = "{0}({1}) = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "count   | [1, 2, 3]             | 3",
        "count   | []                    | 0",
        "count   | {\"a\": 1}            | 1",
        "count   | \"aåäö\"              | 4",
        "count   | \"\"                  | 0",
        "count   | \"\uD83D\uDE00x\"     | 2",
        "sum     | [1, 2, 3]             | 6",
        "sum     | []                    | 0",
        "sum     | [9223372036854775807, 1] | 9223372036854775808",
        "sum     | [1, 2.5]              | 3.5",
        "sum     | [0.1, 0.2]            | 0.3",
        "sum     | [2.0, 3]              | 5",
        "product | [2, 3, 4]             | 24",
        "product | []                    | 1",
        "product | [18446744073709551616, 2] | 36893488147419103232",
        "product | [1.5, 2]              | 3",
        "product | [0.1, 3]              | 0.30000000000000004",
        "max     | [3, 3.5, 3.25, 3.4999] | 3.5",
        "min     | [3, 3.5, 2.75, 2.7499] | 2.7499",
        "max     | [1, \"a\", null]      | \"a\"",
        "min     | [1, \"a\", null]      | null",
        "max     | []                    | undefined",
        "min     | []                    | undefined",
        "sort    | [3.5, 3, 3.25, -2.5, 3.50, 1e0, 0.5] | [-2.5, 0.5, 1, 3, 3.25, 3.5, 3.5]",
        "sort    | [\"b\", 1, null, [], {}, true] | [null, true, 1, \"b\", [], {}]",
        "all     | [true, true]          | true",
        "all     | []                    | true",
        "all     | [true, 1]             | false",
        "any     | [false, true]         | true",
        "any     | []                    | false",
        "any     | [1, \"true\"]         | false",
      })
  void aggregates(String op, String a, String want) throws Exception {
    assertThat(text(op, a)).isEqualTo(want);
  }

  @Test
  void aggregatesOnSets() throws Exception {
    assertThat(call("count", set(n("3.5"), n("3.50"), n("35e-1")))).isEqualTo(NumberValue.of(1));
    assertThat(call("sum", set(n("1"), n("2")))).isEqualTo(NumberValue.of(3));
    assertThat(call("max", set(s("a"), s("b")))).isEqualTo(s("b"));
    assertThat(call("min", set())).isNull();
    assertThat(call("sort", set(n("2"), n("1")))).isEqualTo(arr(n("1"), n("2")));
    assertThat(call("all", set(BooleanValue.TRUE))).isEqualTo(BooleanValue.TRUE);
    assertThat(call("any", set())).isEqualTo(BooleanValue.FALSE);
    assertThat(call("product", set(n("2"), n("5")))).isEqualTo(NumberValue.of(10));
  }

  @ParameterizedTest(name = "{0}({1}): {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "count   | 1          | operand 1 must be one of {array, object, set, string} but got"
            + " number",
        "sum     | {}         | operand 1 must be one of {set, array} but got object",
        "sum     | [1, \"2\"] | operand 1 must be array of numbers but got array containing string",
        "product | [null]     | operand 1 must be array of numbers but got array containing null",
        "max     | \"ab\"     | operand 1 must be one of {set, array} but got string",
        "sort    | {}         | operand 1 must be one of {set, array} but got object",
        "all     | {}         | operand 1 must be one of {array, set} but got object",
        "any     | null       | operand 1 must be one of {array, set} but got null",
      })
  void typeErrors(String op, String a, String want) {
    assertThat(typeError(op, a)).isEqualTo(want);
  }

  @Test
  void sumOfSetWithNonNumberNamesTheSet() {
    assertThat(B.error(true, "sum", set(n("1"), s("x"))))
        .isEqualTo("operand 1 must be set of numbers but got set containing string");
    assertThat(B.error(true, "max", NullValue.NULL))
        .isEqualTo("operand 1 must be one of {set, array} but got null");
  }
}
