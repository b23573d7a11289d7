package dev.weft.policy.rego.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Value;
import org.junit.jupiter.api.Test;

/**
 * {@code rego.parse_module}. The error case is OPA's own conformance case ({@code
 * v1/test/cases/testdata/v1/regoparsemodule/test-regoparsemodule-0321.yaml}, the only one OPA has
 * for this built-in). The syntax trees expected below are derived by reading OPA's JSON marshalling
 * ({@code v1/ast/policy.go}: {@code Package}, {@code Import}, {@code Rule}, {@code Head}, {@code
 * Expr}, {@code SomeDecl}, {@code Every}, {@code With}; {@code term.go}: terms, objects as sorted
 * pairs, sets sorted; {@code Comment} and {@code Location}) and its parser ({@code parseRules},
 * {@code parseHead}, {@code parseElse}, wildcards as {@code $n}), not by running OPA.
 */
class RegoParseModuleTest {

  private static Value parse(String source) throws BuiltinException {
    return RegoParseModule.builtin().call(null, new Value[] {B.s("x.rego"), B.s(source)});
  }

  private static String v(String name) {
    return "{\"type\": \"var\", \"value\": \"" + name + "\"}";
  }

  private static String s(String text) {
    return "{\"type\": \"string\", \"value\": \"" + text + "\"}";
  }

  private static String n(String number) {
    return "{\"type\": \"number\", \"value\": " + number + "}";
  }

  private static String ref(String... parts) {
    return "{\"type\": \"ref\", \"value\": [" + String.join(", ", parts) + "]}";
  }

  private static String call(String... parts) {
    return "{\"type\": \"call\", \"value\": [" + String.join(", ", parts) + "]}";
  }

  private static final String TRUE = "{\"type\": \"boolean\", \"value\": true}";
  private static final String TRUE_BODY = "[{\"index\": 0, \"terms\": " + TRUE + "}]";

  private static String pkg(String... path) {
    StringBuilder out = new StringBuilder("\"package\": {\"path\": [" + v("data"));
    for (String p : path) {
      out.append(", ").append(s(p));
    }
    return out.append("]}").toString();
  }

  @Test
  void aModuleWithImportsAndARuleIsOpasSyntaxTree() throws Exception {
    Value got =
        parse(
            """
            package a.b

            import rego.v1
            import data.x as y

            allow if input.role == "admin"
            """);
    String want =
        "{"
            + pkg("a", "b")
            + ", \"imports\": ["
            + ("{\"path\": " + ref(v("rego"), s("v1")) + "}, ")
            + ("{\"path\": " + ref(v("data"), s("x")) + ", \"alias\": \"y\"}")
            + "], \"rules\": [{\"head\": {\"name\": \"allow\", \"ref\": ["
            + v("allow")
            + "], \"value\": "
            + TRUE
            + "}, \"body\": [{\"index\": 0, \"terms\": ["
            + ref(v("equal"))
            + ", "
            + ref(v("input"), s("role"))
            + ", "
            + s("admin")
            + "]}]}]}";
    assertThat(got).isEqualTo(B.json(want));
  }

  @Test
  void ruleHeadsCarryOpasNameKeyValueAndAssign() throws Exception {
    Value got =
        parse(
            """
            package p
            default allow := false
            q contains x if { some x in input.xs; not x == 1 }
            a.b.c := 1
            m[k] := v if { some k, v in input.o }
            """);
    String want =
        "{"
            + pkg("p")
            + ", \"rules\": ["
            // default rules get the body `true`
            + ("{\"default\": true, \"body\": "
                + TRUE_BODY
                + ", \"head\": {\"name\": \"allow\","
                + " \"assign\": true, \"ref\": ["
                + v("allow")
                + "],"
                + " \"value\": {\"type\": \"boolean\", \"value\": false}}}, ")
            // a multi-value rule has a key and no value; `some x in` is internal.member_2
            + ("{\"head\": {\"name\": \"q\", \"key\": "
                + v("x")
                + ", \"ref\": ["
                + v("q")
                + "]},"
                + " \"body\": [{\"index\": 0, \"terms\": {\"symbols\": ["
                + call(ref(v("internal"), s("member_2")), v("x"), ref(v("input"), s("xs")))
                + "]}}, {\"index\": 1, \"negated\": true, \"terms\": ["
                + ref(v("equal"))
                + ", "
                + v("x")
                + ", "
                + n("1")
                + "]}]}, ")
            // a ref head of three segments has no name
            + ("{\"head\": {\"assign\": true, \"ref\": ["
                + v("a")
                + ", "
                + s("b")
                + ", "
                + s("c")
                + "], \"value\": "
                + n("1")
                + "}, \"body\": "
                + TRUE_BODY
                + "}, ")
            // p[k] := v if: the key is the variable segment, and OPA names the head
            + ("{\"head\": {\"name\": \"m\", \"assign\": true, \"key\": "
                + v("k")
                + ", \"ref\": ["
                + v("m")
                + ", "
                + v("k")
                + "], \"value\": "
                + v("v")
                + "},"
                + " \"body\": [{\"index\": 0, \"terms\": {\"symbols\": ["
                + call(ref(v("internal"), s("member_3")), v("k"), v("v"), ref(v("input"), s("o")))
                + "]}}]}")
            + "]}";
    assertThat(got).isEqualTo(B.json(want));
  }

  @Test
  void wildcardsElseEveryAndWithAreWrittenAsOpaWritesThem() throws Exception {
    Value got =
        parse(
            """
            package p
            f(_, y) := y if { every k, v in [1] { k < v } }
            else := 2
            t := [x | x := input.a[_]] if { count(input.a) > 0 with input as {} }
            """);
    String every =
        "{\"index\": 0, \"terms\": {\"key\": "
            + v("k")
            + ", \"value\": "
            + v("v")
            + ", \"domain\": {\"type\": \"array\", \"value\": ["
            + n("1")
            + "]},"
            + " \"body\": [{\"index\": 0, \"terms\": ["
            + ref(v("lt"))
            + ", "
            + v("k")
            + ", "
            + v("v")
            + "]}]}}";
    String comprehension =
        "{\"type\": \"arraycomprehension\", \"value\": {\"term\": "
            + v("x")
            + ", \"body\":"
            + " [{\"index\": 0, \"terms\": ["
            + ref(v("assign"))
            + ", "
            + v("x")
            + ", "
            + ref(v("input"), s("a"), v("$2"))
            + "]}]}}";
    String want =
        "{"
            + pkg("p")
            + ", \"rules\": ["
            // the else's wildcard argument is named anew; a bare `else := 2` has the body `true`
            + ("{\"head\": {\"name\": \"f\", \"args\": ["
                + v("$0")
                + ", "
                + v("y")
                + "],"
                + " \"assign\": true, \"ref\": ["
                + v("f")
                + "], \"value\": "
                + v("y")
                + "},"
                + " \"body\": ["
                + every
                + "],"
                + " \"else\": {\"head\": {\"name\": \"f\", \"args\": ["
                + v("$1")
                + ", "
                + v("y")
                + "], \"assign\": true, \"ref\": ["
                + v("f")
                + "], \"value\": "
                + n("2")
                + "},"
                + " \"body\": "
                + TRUE_BODY
                + "}}, ")
            // a bare `input` is a reference
            + ("{\"head\": {\"name\": \"t\", \"assign\": true, \"ref\": ["
                + v("t")
                + "],"
                + " \"value\": "
                + comprehension
                + "}, \"body\": [{\"index\": 0, \"terms\": ["
                + ref(v("gt"))
                + ", "
                + call(ref(v("count")), ref(v("input"), s("a")))
                + ", "
                + n("0")
                + "], \"with\": [{\"target\": "
                + ref(v("input"))
                + ", \"value\":"
                + " {\"type\": \"object\", \"value\": []}}]}]}")
            + "]}";
    assertThat(got).isEqualTo(B.json(want));
  }

  @Test
  void objectsAreSortedPairsSetsSortedElementsAndCommentsKeepTheirLocation() throws Exception {
    Value got =
        parse(
            """
            package p
            # c1
            r := {"b": 1, "a": _} # c2
            s := {3, 1, "x", 1}
            """);
    String want =
        "{"
            + pkg("p")
            + ", \"rules\": ["
            + ("{\"head\": {\"name\": \"r\", \"assign\": true, \"ref\": ["
                + v("r")
                + "],"
                + " \"value\": {\"type\": \"object\", \"value\": [["
                + s("a")
                + ", "
                + v("$0")
                + "], ["
                + s("b")
                + ", "
                + n("1")
                + "]]}}, \"body\": "
                + TRUE_BODY
                + "}, ")
            + ("{\"head\": {\"name\": \"s\", \"assign\": true, \"ref\": ["
                + v("s")
                + "],"
                + " \"value\": {\"type\": \"set\", \"value\": ["
                + n("1")
                + ", "
                + n("3")
                + ", "
                + s("x")
                + "]}}, \"body\": "
                + TRUE_BODY
                + "}")
            + "], \"comments\": ["
            // Text is the bytes after '#', base64-encoded as Go encodes a []byte
            + "{\"Text\": \"IGMx\", \"Location\": {\"file\": \"x.rego\", \"row\": 2, \"col\": 1}},"
            + " {\"Text\": \"IGMy\", \"Location\": {\"file\": \"x.rego\", \"row\": 3, \"col\": 23}}"
            + "]}";
    assertThat(got).isEqualTo(B.json(want));
  }

  @Test
  void annotationsAreTheModulesAndTheirRulesAndTheirCommentsStay() throws Exception {
    Value got =
        parse(
            """
            package p
            # METADATA
            # title: Allow
            allow if true
            """);
    String annotation = "{\"scope\": \"rule\", \"title\": \"Allow\"}";
    String want =
        "{"
            + pkg("p")
            + ", \"annotations\": ["
            + annotation
            + "]"
            + ", \"rules\": [{\"head\": {\"name\": \"allow\", \"ref\": ["
            + v("allow")
            + "],"
            + " \"value\": "
            + TRUE
            + "}, \"body\": "
            + TRUE_BODY
            + ", \"annotations\": ["
            + annotation
            + "]}], \"comments\": ["
            + "{\"Text\": \"IE1FVEFEQVRB\", \"Location\": {\"file\": \"x.rego\", \"row\": 2,"
            + " \"col\": 1}}, {\"Text\": \"IHRpdGxlOiBBbGxvdw==\", \"Location\": {\"file\":"
            + " \"x.rego\", \"row\": 3, \"col\": 1}}]}";
    assertThat(got).isEqualTo(B.json(want));
  }

  @Test
  void aModuleThatDoesNotParseFailsWithOpasParseErrors() {
    assertThatThrownBy(() -> parse("package foo."))
        .isInstanceOf(BuiltinException.class)
        .hasMessage(
            "1 error occurred: x.rego:1: rego_parse_error: unexpected eof token: expected"
                + " identifier\n\tpackage foo.\n\t           ^");
  }

  /** OPA's conformance case {@code regoparsemodule/error}, as its YAML gives it. */
  @Test
  void opasConformanceCaseForAParseError() throws Exception {
    RegoPolicy policy =
        RegoPolicy.builder()
            .module(
                "test-regoparsemodule-0321.rego",
                """
                package generated

                p := x if {
                \t__local0__ = data.err
                \trego.parse_module("x.rego", __local0__, x)
                }
                """)
            .data(B.json("{\"err\": \"package foo.\"}"))
            .build();
    assertThatThrownBy(
            () ->
                policy
                    .prepare("data.generated.p = x")
                    .evaluate(EvalOptions.of(null).withStrictBuiltinErrors(true)))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e -> {
              RegoError first = e.errors().getFirst();
              assertThat(first.code()).isEqualTo("eval_builtin_error");
              assertThat(first.opaString())
                  .contains("rego_parse_error: unexpected eof token: expected ident");
            });
  }

  @Test
  void operandsMustBeStrings() {
    assertThatThrownBy(
            () -> RegoParseModule.builtin().call(null, new Value[] {B.s("x.rego"), B.json("1")}))
        .isInstanceOf(BuiltinException.class)
        .hasMessage("operand 1 must be string but got number");
  }
}
