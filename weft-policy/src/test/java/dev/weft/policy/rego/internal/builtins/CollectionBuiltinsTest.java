package dev.weft.policy.rego.internal.builtins;

import static dev.weft.policy.rego.internal.builtins.B.arr;
import static dev.weft.policy.rego.internal.builtins.B.call;
import static dev.weft.policy.rego.internal.builtins.B.json;
import static dev.weft.policy.rego.internal.builtins.B.n;
import static dev.weft.policy.rego.internal.builtins.B.s;
import static dev.weft.policy.rego.internal.builtins.B.set;
import static dev.weft.policy.rego.internal.builtins.B.text;
import static dev.weft.policy.rego.internal.builtins.B.typeError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectionBuiltinsTest {

  private static final Value TRUE = BooleanValue.TRUE;
  private static final Value FALSE = BooleanValue.FALSE;

  @Test
  void setOperators() throws Exception {
    SetValue a = set(n("1"), n("2"), n("3"));
    SetValue b = set(n("2"), n("3"), n("4"));
    assertThat(call("and", a, b)).isEqualTo(set(n("2"), n("3")));
    assertThat(call("or", a, b)).isEqualTo(set(n("1"), n("2"), n("3"), n("4")));
    assertThat(call("and", a, set())).isEqualTo(set());
    assertThat(call("intersection", set(a, b))).isEqualTo(set(n("2"), n("3")));
    assertThat(call("intersection", set(set(), set(n("1"), n("2"))))).isEqualTo(set());
    assertThat(call("intersection", set())).isEqualTo(set());
    assertThat(call("union", set(a, b))).isEqualTo(set(n("1"), n("2"), n("3"), n("4")));
    assertThat(call("union", set())).isEqualTo(set());
  }

  @Test
  void setOperatorTypeErrors() {
    assertThat(B.error(true, "and", arr(), set())).isEqualTo("operand 1 must be set but got array");
    assertThat(B.error(true, "or", set(), n("1")))
        .isEqualTo("operand 2 must be set but got number");
    assertThat(B.error(true, "intersection", set(set(), n("1"))))
        .isEqualTo("operand 1 must be set but got number");
    assertThat(B.error(true, "union", arr())).isEqualTo("operand 1 must be set but got array");
  }

  @ParameterizedTest(name = "{0}({1}) = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "array.concat  | [1, 2]          | [3, 4]  |      | [1, 2, 3, 4]",
        "array.concat  | []              | []      |      | []",
        "array.slice   | [1, 2, 3, 4, 5] | 1       | 3    | [2, 3]",
        "array.slice   | [1, 2, 3]       | -5      | 2    | [1, 2]",
        "array.slice   | [1, 2, 3]       | 2       | 99   | [3]",
        "array.slice   | [1, 2, 3]       | 2       | 1    | []",
        "array.slice   | [1, 2, 3]       | 0       | -1   | []",
        "array.reverse | [1, [2], 3]     |         |      | [3, [2], 1]",
        "array.reverse | []              |         |      | []",
      })
  void arrays(String op, String a, String b, String c, String want) throws Exception {
    String got = c != null ? text(op, a, b, c) : b != null ? text(op, a, b) : text(op, a);
    assertThat(got).isEqualTo(want);
  }

  @Test
  void arrayTypeErrors() {
    assertThat(typeError("array.concat", "[1]", "{}"))
        .isEqualTo("operand 2 must be array but got object");
    assertThat(typeError("array.slice", "[1]", "1.5", "2"))
        .isEqualTo("operand 2 must be integer number but got floating-point number");
    assertThat(typeError("array.slice", "[1]", "0", "\"2\""))
        .isEqualTo("operand 3 must be number but got string");
    assertThat(typeError("array.reverse", "\"abc\""))
        .isEqualTo("operand 1 must be array but got string");
  }

  @Test
  void membership() throws Exception {
    Value obj = json("{\"a\": 1, \"b\": [2]}");
    assertThat(call("internal.member_2", n("1"), arr(n("1.0")))).isEqualTo(TRUE);
    assertThat(call("internal.member_2", n("3.50"), set(n("3.5")))).isEqualTo(TRUE);
    assertThat(call("internal.member_2", n("1"), obj)).isEqualTo(TRUE);
    assertThat(call("internal.member_2", s("a"), obj)).isEqualTo(FALSE);
    assertThat(call("internal.member_2", s("a"), s("abc"))).isEqualTo(FALSE);
    assertThat(call("internal.member_2", n("1"), arr())).isEqualTo(FALSE);
    assertThat(call("internal.member_3", s("b"), arr(n("2")), obj)).isEqualTo(TRUE);
    assertThat(call("internal.member_3", s("a"), n("2"), obj)).isEqualTo(FALSE);
    assertThat(call("internal.member_3", n("1"), s("y"), arr(s("x"), s("y")))).isEqualTo(TRUE);
    assertThat(call("internal.member_3", n("2"), s("y"), arr(s("x"), s("y")))).isEqualTo(FALSE);
    assertThat(call("internal.member_3", n("1.0"), s("y"), arr(s("x"), s("y")))).isEqualTo(FALSE);
    assertThat(call("internal.member_3", s("x"), s("x"), set(s("x")))).isEqualTo(TRUE);
    assertThat(call("internal.member_3", s("x"), s("y"), set(s("x")))).isEqualTo(FALSE);
    assertThat(call("internal.member_3", n("0"), s("a"), s("a"))).isEqualTo(FALSE);
  }

  @ParameterizedTest(name = "object.get({0}, {1}, {2}) = {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\": {\"b\": \"c\"}} | \"b\"               | true  | true",
        "{\"a\": {\"b\": \"c\"}} | \"a\"               | true  | {\"b\": \"c\"}",
        "{\"a\": {\"b\": \"c\"}} | [\"a\", \"b\"]      | 0     | \"c\"",
        "{\"a\": {\"b\": \"c\"}} | [\"a\", \"x\"]      | 0     | 0",
        "{\"a\": {\"b\": \"c\"}} | []                  | 0     | {\"a\": {\"b\": \"c\"}}",
        "{\"a\": [10, 20]}       | [\"a\", 1]          | 0     | 20",
        "{\"a\": [10, 20]}       | [\"a\", 2]          | 0     | 0",
        "{\"a\": [10, 20]}       | [\"a\", -1]         | 0     | 0",
        "{\"a\": \"s\"}          | [\"a\", \"b\"]      | null  | null",
        "{\"a\": null}           | \"a\"               | 1     | null",
      })
  void objectGet(String obj, String key, String fallback, String want) throws Exception {
    assertThat(text("object.get", obj, key, fallback)).isEqualTo(want);
  }

  @Test
  void objectGetThroughSetsAndNonStringKeys() throws Exception {
    ObjectValue o = ObjectValue.builder().put(n("3.5"), set(s("x"))).build();
    assertThat(call("object.get", o, n("3.50"), n("0"))).isEqualTo(set(s("x")));
    assertThat(call("object.get", o, arr(n("3.5"), s("x")), n("0"))).isEqualTo(s("x"));
    assertThat(call("object.get", o, arr(n("3.5"), s("y")), n("0"))).isEqualTo(n("0"));
    assertThat(B.error(true, "object.get", arr(), s("a"), n("0")))
        .isEqualTo("operand 1 must be object but got array");
  }

  @ParameterizedTest(name = "{0}({1}, {2}) = {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "object.union   | {\"a\": 1, \"b\": {\"c\": 1}} | {\"b\": {\"d\": 2}, \"e\": 3} | {\"a\":"
            + " 1, \"b\": {\"c\": 1, \"d\": 2}, \"e\": 3}",
        "object.union   | {\"a\": {\"b\": 1}}          | {\"a\": 2}                    | {\"a\":"
            + " 2}",
        "object.union   | {}                            | {}                            | {}",
        "object.remove  | {\"a\": 1, \"b\": 2}          | [\"a\", \"x\"]                | {\"b\":"
            + " 2}",
        "object.remove  | {\"a\": 1, \"b\": 2}          | {\"b\": 0}                    | {\"a\":"
            + " 1}",
        "object.filter  | {\"a\": 1, \"b\": 2, \"c\": 3} | [\"a\", \"c\", \"z\"]        | {\"a\":"
            + " 1, \"c\": 3}",
        "object.filter  | {\"a\": 1}                    | {\"a\": false}                | {\"a\":"
            + " 1}",
      })
  void objects(String op, String a, String b, String want) throws Exception {
    assertThat(call(op, json(a), json(b))).isEqualTo(json(want));
  }

  @Test
  void objectKeysRemoveWithSetsAndUnionN() throws Exception {
    Value o = json("{\"a\": 1, \"b\": 2}");
    assertThat(call("object.keys", o)).isEqualTo(set(s("a"), s("b")));
    assertThat(call("object.keys", ObjectValue.EMPTY)).isEqualTo(set());
    assertThat(call("object.remove", o, set(s("b")))).isEqualTo(json("{\"a\": 1}"));
    assertThat(call("object.filter", o, set(s("b")))).isEqualTo(json("{\"b\": 2}"));
    assertThat(
            call("object.union_n", json("[{\"a\": {\"b\": 2}}, {\"a\": 4}, {\"a\": {\"c\": 3}}]")))
        .isEqualTo(json("{\"a\": {\"c\": 3}}"));
    assertThat(
            call("object.union_n", json("[{\"a\": {\"b\": 2}}, {\"a\": {\"c\": 3}}, {\"d\": 1}]")))
        .isEqualTo(json("{\"a\": {\"b\": 2, \"c\": 3}, \"d\": 1}"));
    assertThat(call("object.union_n", json("[]"))).isEqualTo(ObjectValue.EMPTY);
  }

  @Test
  void objectTypeErrors() {
    assertThat(typeError("object.union", "{}", "[]"))
        .isEqualTo("operand 2 must be object but got array");
    assertThat(typeError("object.union_n", "[{}, 1, {}, \"x\"]"))
        .isEqualTo("operand 1 must be array of objects but got array containing string");
    assertThat(typeError("object.remove", "{}", "\"a\""))
        .isEqualTo("operand 2 must be one of {object, set, array} but got string");
    assertThat(typeError("object.filter", "[]", "[]"))
        .isEqualTo("operand 1 must be object but got array");
    assertThat(typeError("object.keys", "[]")).isEqualTo("operand 1 must be object but got array");
  }

  @ParameterizedTest(name = "type_name({0}) = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "null | null | is_null",
        "true | boolean | is_boolean",
        "1.5 | number | is_number",
        "\"\" | string | is_string",
        "[] | array | is_array",
        "{} | object | is_object",
      })
  void types(String v, String name, String predicate) throws Exception {
    assertThat(text("type_name", v)).isEqualTo("\"" + name + "\"");
    assertThat(text(predicate, v)).isEqualTo("true");
    for (String other :
        new String[] {
          "is_null", "is_boolean", "is_number", "is_string", "is_array", "is_object", "is_set"
        }) {
      if (!other.equals(predicate)) {
        assertThat(text(other, v)).as(other).isEqualTo("false");
      }
    }
  }

  @Test
  void setTypes() throws Exception {
    assertThat(call("type_name", set())).isEqualTo(s("set"));
    assertThat(call("is_set", set(n("1")))).isEqualTo(TRUE);
    assertThat(call("is_array", set(n("1")))).isEqualTo(FALSE);
  }
}
