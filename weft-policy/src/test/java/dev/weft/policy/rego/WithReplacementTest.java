package dev.weft.policy.rego;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code with} replacing built-ins and user functions of every arity, as OPA does. */
class WithReplacementTest {

  private static Optional<String> eval(String source) throws Exception {
    return RegoPolicy.builder()
        .module("t.rego", source)
        .build()
        .evaluate("data.t.p", null)
        .map(Json::write);
  }

  private static PolicyException compileError(String source) {
    try {
      RegoPolicy.builder().module("t.rego", source).build();
    } catch (PolicyException e) {
      return e;
    }
    throw new AssertionError("expected a compile error");
  }

  @Test
  void aReplacementCallsTheOriginalsNotOtherReplacements() throws Exception {
    assertThat(
            eval(
                """
        package t
        f(x) := object.union_n(x) if {x: i | x := ["a", "a"][i]}
        g(x) := count(x)
        p if q with count as f
        q if r with object.union_n as g
        r if object.union_n([{}])
        """))
        .contains("true");
  }

  @Test
  void arityZeroBuiltinsAreReplacedByValuesAndFunctions() throws Exception {
    assertThat(
            eval(
                """
        package t
        p := y if { y := time.now_ns() with time.now_ns as 12300 }
        """))
        .contains("12300");
    assertThat(
            eval(
                """
        package t
        f := 7
        q if time.now_ns() == 7
        p if { q with time.now_ns as f; not q }
        """))
        .contains("true");
  }

  @Test
  void userFunctionsAreReplacedByFunctionsValuesAndBuiltins() throws Exception {
    assertThat(
            eval(
                """
        package t
        f(x, y) := x + y
        g(x, y) := x * y
        p := [a, b, c] if {
          a := f(2, 3) with f as g
          b := f(2, 3) with data.t.f as 7
          c := f(2, 3)
        }
        """))
        .contains("[6,7,5]");
    assertThat(
            eval(
                """
        package t
        f(_) := 0
        q := f([1, 2])
        p := y if { y := q with f as count }
        """))
        .contains("2");
  }

  @Test
  void builtinsOpaRefusesToReplaceAreCompileErrors() {
    assertThat(compileError("package t\nf(_) := 1\np if { true with print as f }\n").errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo("rego_compile_error");
              assertThat(e.message())
                  .isEqualTo(
                      "with keyword replacing built-in function: target must not be a void function");
            });
    assertThat(compileError("package t\nf(_) := 1\np if { true with walk as f }\n").getMessage())
        .contains(
            "rego_compile_error: with keyword replacing built-in function:"
                + " target must not be a relation");
    assertThat(compileError("package t\nf(_, _) := 1\np if { true with eq as f }\n").getMessage())
        .contains(
            "rego_compile_error: with keyword replacing built-in function:"
                + " replacement of \"eq\" invalid");
    assertThat(compileError("package t\np if { true with foo as 1 }\n").getMessage())
        .contains(
            "rego_type_error: with keyword target must reference existing input, data,"
                + " or a function");
  }

  @Test
  void compositesWithUnboundVariablesOnBothSidesUnify() throws Exception {
    assertThat(eval("package t\np := x if { [x, y] = [y, 1] }\n")).contains("1");
    assertThat(
            eval(
                """
        package t
        p := [a, b] if { {"k": a, "m": 2} = {"k": b, "m": b} }
        """))
        .contains("[2,2]");
    assertThat(
            eval(
                """
        package t
        p := [x, y, z] if { [{"a": [x, 1]}, y] = [{"a": [2, z]}, [x, z]] }
        """))
        .contains("[2,[2,1],1]");
    assertThat(eval("package t\np if { [x, [y]] = [[y], 1] }\n")).isEmpty();
  }
}
