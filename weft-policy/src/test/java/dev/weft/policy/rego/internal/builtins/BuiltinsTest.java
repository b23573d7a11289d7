package dev.weft.policy.rego.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BuiltinsTest {

  /** The required built-ins and their arities. */
  private static final Map<String, Integer> REQUIRED = new TreeMap<>();

  static {
    for (String name :
        List.of(
            "equal",
            "neq",
            "lt",
            "lte",
            "gt",
            "gte",
            "plus",
            "minus",
            "mul",
            "div",
            "rem",
            "and",
            "or",
            "numbers.range",
            "internal.member_2",
            "concat",
            "split",
            "startswith",
            "endswith",
            "contains",
            "trim",
            "trim_left",
            "trim_right",
            "trim_prefix",
            "trim_suffix",
            "indexof",
            "indexof_n",
            "sprintf",
            "format_int",
            "strings.any_prefix_match",
            "strings.any_suffix_match",
            "strings.count",
            "strings.replace_n",
            "regex.match",
            "regex.split",
            "object.union",
            "object.remove",
            "object.filter",
            "array.concat",
            "time.diff",
            "net.cidr_contains",
            "net.cidr_intersects",
            "io.jwt.verify_es256",
            "io.jwt.verify_rs256",
            "io.jwt.decode_verify",
            "time.parse_ns")) {
      REQUIRED.put(name, 2);
    }
    for (String name :
        List.of(
            "abs",
            "round",
            "ceil",
            "floor",
            "to_number",
            "count",
            "sum",
            "product",
            "max",
            "min",
            "sort",
            "all",
            "any",
            "intersection",
            "union",
            "lower",
            "upper",
            "trim_space",
            "strings.reverse",
            "regex.is_valid",
            "object.keys",
            "object.union_n",
            "array.reverse",
            "is_number",
            "is_string",
            "is_boolean",
            "is_array",
            "is_set",
            "is_object",
            "is_null",
            "type_name",
            "json.marshal",
            "json.unmarshal",
            "json.is_valid",
            "yaml.marshal",
            "yaml.unmarshal",
            "yaml.is_valid",
            "base64.encode",
            "base64.decode",
            "base64.is_valid",
            "base64url.encode",
            "base64url.encode_no_pad",
            "base64url.decode",
            "time.parse_rfc3339_ns",
            "time.date",
            "time.clock",
            "time.weekday",
            "io.jwt.decode")) {
      REQUIRED.put(name, 1);
    }
    for (String name :
        List.of(
            "internal.member_3",
            "replace",
            "substring",
            "regex.find_n",
            "glob.match",
            "object.get",
            "array.slice")) {
      REQUIRED.put(name, 3);
    }
    REQUIRED.put("time.now_ns", 0);
    REQUIRED.put("time.add_date", 4);
  }

  @Test
  void registryHasEveryRequiredBuiltinWithOpasArity() {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Integer> e : REQUIRED.entrySet()) {
      Builtin b = Builtins.lookup(e.getKey());
      if (b == null || b.arity() != e.getValue() || !b.name().equals(e.getKey())) {
        missing.add(e.getKey() + "/" + e.getValue());
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void allIsSortedByNameAndUnknownNamesAreAbsent() {
    List<String> names = Builtins.all().stream().map(Builtin::name).toList();
    assertThat(names).isSorted().doesNotHaveDuplicates().containsAll(REQUIRED.keySet());
    assertThat(Builtins.lookup("print")).isNull();
    assertThat(Builtins.lookup("no.such_builtin")).isNull();
  }
}
