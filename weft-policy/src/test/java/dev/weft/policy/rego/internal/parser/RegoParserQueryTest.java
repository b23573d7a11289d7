package dev.weft.policy.rego.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.StringValue;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Queries and terms: operators, precedence, keywords, literals, composites, texts, locations. */
class RegoParserQueryTest {

  static String query(String src) throws PolicyException {
    return AstText.body(RegoParser.parseQueryWithText(src).body());
  }

  static String term(String src) throws PolicyException {
    return AstText.term(RegoParser.parseTerm(src));
  }

  @Test
  void operatorPrecedenceAndAssociativity() throws PolicyException {
    assertThat(query("a + b * c - d / e % f"))
        .isEqualTo("minus(plus(a, mul(b, c)), rem(div(d, e), f))");
    assertThat(query("a | b & c")).isEqualTo("or(a, and(b, c))");
    assertThat(query("a & b | c")).isEqualTo("or(and(a, b), c)");
    assertThat(query("1 == 2 == 3")).isEqualTo("equal(equal(1, 2), 3)");
    assertThat(query("a < b + 1")).isEqualTo("lt(a, plus(b, 1))");
    assertThat(query("a != b | c")).isEqualTo("neq(a, or(b, c))");
    assertThat(query("a <= b; a >= b; a > b")).isEqualTo("lte(a, b); gte(a, b); gt(a, b)");
    assertThat(query("(1 + 2) * 3")).isEqualTo("mul(plus(1, 2), 3)");
    assertThat(query("x - 1; x -1; x-1")).isEqualTo("minus(x, 1); minus(x, 1); minus(x, 1)");
    assertThat(query("x := a == b")).isEqualTo("assign(x, equal(a, b))");
  }

  @Test
  void assignmentUnificationAndMembership() throws PolicyException {
    assertThat(query("x := 1; y = x")).isEqualTo("assign(x, 1); eq(y, x)");
    assertThat(query("x in xs")).isEqualTo("internal.member_2(x, xs)");
    assertThat(query("k, v in xs")).isEqualTo("internal.member_3(k, v, xs)");
    assertThat(query("x in xs == true")).isEqualTo("internal.member_2(x, equal(xs, true))");
    assertThat(query("x := y in z")).isEqualTo("assign(x, internal.member_2(y, z))");
    assertThat(query("x in a in b")).isEqualTo("internal.member_2(internal.member_2(x, a), b)");
    assertThat(query("f(k, v in xs)")).isEqualTo("f(k, internal.member_2(v, xs))");
  }

  @Test
  void notSomeEveryWith() throws PolicyException {
    assertThat(query("not x; not input.deny[_]")).isEqualTo("not x; not ref(input, \"deny\", _)");
    assertThat(query("some x; some x, y")).isEqualTo("some x; some x, y");
    assertThat(query("some x in xs; some k, v in {\"a\": 1}"))
        .isEqualTo("some x in xs; some k, v in {\"a\": 1}");
    assertThat(query("every x in xs { x > 0 }; every k, v in xs { k; v }"))
        .isEqualTo("every x in xs { gt(x, 0) }; every k, v in xs { k; v }");
    assertThat(query("x := input.a with input as {\"a\": 1} with data.b.c as 2"))
        .isEqualTo(
            "assign(x, ref(input, \"a\")) with input as {\"a\": 1} with ref(data, \"b\", \"c\") as"
                + " 2");
    assertThat(query("some x in xs with input as 1")).isEqualTo("some x in xs with input as 1");
    assertThat(query("not f(x) with f as g")).isEqualTo("not f(x) with f as g");
  }

  @Test
  void scalars() throws PolicyException {
    assertThat(query("null; true; false; _; x1_y")).isEqualTo("null; true; false; _; x1_y");
    assertThat(query("0; 12; -3; - 4; 1.5; -.5; .25; 1e3; 2E-2; 0.5e+1; 0e5"))
        .isEqualTo("0; 12; -3; -4; 1.5; -.5; .25; 1e3; 2E-2; 0.5e+1; 0e5");
    Term big = RegoParser.parseTerm("123456789012345678901234567890");
    assertThat(((NumberValue) ((Term.Scalar) big).value()).decimalValue())
        .isEqualByComparingTo(new BigDecimal("123456789012345678901234567890"));
    assertThat(query("0e99999999999999999999; 0.0e-5; 1e30102; 0." + "7".repeat(39_000)))
        .startsWith("0; 0.0e-5; 1e30102; 0.777");
    Term half = RegoParser.parseTerm("-.5");
    assertThat(((NumberValue) ((Term.Scalar) half).value()).decimalValue())
        .isEqualByComparingTo("-0.5");
  }

  @Test
  void strings() throws PolicyException {
    assertThat(string("\"plain\"")).isEqualTo("plain");
    assertThat(string("\"a\\u0041\\n\\t\\\"\\\\\\/\\b\\f\\r\"")).isEqualTo("aA\n\t\"\\/\b\f\r");
    assertThat(string("\"\\ud83d\\ude00 \\ud83d\"")).isEqualTo("\uD83D\uDE00 \uFFFD");
    assertThat(string("\"é tab\there\"")).isEqualTo("é tab\there");
    assertThat(string("`raw \\n \"q\"\nnext line`")).isEqualTo("raw \\n \"q\"\nnext line");
    assertThat(string("\"\"")).isEmpty();
  }

  private static String string(String src) throws PolicyException {
    Term t = RegoParser.parseTerm(src);
    return ((StringValue) ((Term.Scalar) t).value()).value();
  }

  @Test
  void referencesAndCalls() throws PolicyException {
    assertThat(term("a.b[c][\"d\"][0]")).isEqualTo("ref(a, \"b\", c, \"d\", 0)");
    assertThat(term("[1, 2][0]")).isEqualTo("ref([1, 2], 0)");
    assertThat(term("{\"a\": 1}.a")).isEqualTo("ref({\"a\": 1}, \"a\")");
    assertThat(term("f(x).y")).isEqualTo("ref(f(x), \"y\")");
    assertThat(term("f(x)[0].g(1)[2]")).isEqualTo("ref(call[ref(f(x), 0, \"g\")](1), 2)");
    assertThat(query("a.b.c(x, 1); count(x); f()")).isEqualTo("a.b.c(x, 1); count(x); f()");
    assertThat(term("[count(x)]")).isEqualTo("[count(x)]");
    assertThat(term("a[x + 1]")).isEqualTo("ref(a, plus(x, 1))");
    assertThat(term("a[k, v in xs]")).isEqualTo("ref(a, internal.member_3(k, v, xs))");
    assertThat(term("input")).isEqualTo("input");
    assertThat(query("a [1]")).isEqualTo("a; [1]");
  }

  @Test
  void composites() throws PolicyException {
    assertThat(term("[]")).isEqualTo("[]");
    assertThat(term("[1, \"a\", [true]]")).isEqualTo("[1, \"a\", [true]]");
    assertThat(term("[1, 2,]")).isEqualTo("[1, 2]");
    assertThat(term("[, 1]")).isEqualTo("[1]");
    assertThat(term("{}")).isEqualTo("{}");
    assertThat(term("set()")).isEqualTo("set()");
    assertThat(term("{1, 2}")).isEqualTo("set(1, 2)");
    assertThat(term("{1 + 2, x}")).isEqualTo("set(plus(1, 2), x)");
    assertThat(term("{\"a\": 1, 2: [3], [4]: {5}, x.y: z,}"))
        .isEqualTo("{\"a\": 1, 2: [3], [4]: set(5), ref(x, \"y\"): z}");
    assertThat(term("{\"a\": 1 + 2}")).isEqualTo("{\"a\": plus(1, 2)}");
    assertThat(term("{a | b}")).isEqualTo("set(a | b)");
    assertThat(term("{, a | b}")).isEqualTo("set(or(a, b))");
    assertThat(term("[a | b, c]")).isEqualTo("[or(a, b), c]");
  }

  @Test
  void comprehensions() throws PolicyException {
    assertThat(term("[x | x := input.xs[_]; x > 1]"))
        .isEqualTo("[x | assign(x, ref(input, \"xs\", _)); gt(x, 1)]");
    assertThat(term("{x | some x in xs}")).isEqualTo("set(x | some x in xs)");
    assertThat(term("{k: v | some k, v in m\n v != null}"))
        .isEqualTo("{k: v | some k, v in m; neq(v, null)}");
    assertThat(term("{k + 1: v | k := 1; v := 2}"))
        .isEqualTo("{plus(k, 1): v | assign(k, 1); assign(v, 2)}");
    assertThat(term("[[y | y := x] | x := 1]")).isEqualTo("[[y | assign(y, x)] | assign(x, 1)]");
  }

  @Test
  void textsOfExpressions() throws PolicyException {
    RegoParser.ParsedQuery q =
        RegoParser.parseQueryWithText("x := 1;y = x # c\n  z := [1,\n 2]\n\n data.p.q[_] == 1 ");
    assertThat(q.texts()).containsExactly("x := 1", "y = x", "z := [1,\n 2]", "data.p.q[_] == 1");
    assertThat(q.body().exprs()).hasSize(4);
  }

  @Test
  void locations() throws PolicyException {
    RegoParser.ParsedQuery q = RegoParser.parseQueryWithText("x := input.a[0]\n  not y");
    Expr first = q.body().exprs().get(0);
    assertThat(first.location()).isEqualTo(new Location("", 1, 1));
    Term.Call assign = (Term.Call) ((Expr.TermForm) first.form()).term();
    assertThat(assign.operator().location()).isEqualTo(new Location("", 1, 3));
    Term.Ref ref = (Term.Ref) assign.args().get(1);
    assertThat(ref.location()).isEqualTo(new Location("", 1, 6));
    assertThat(ref.path())
        .extracting(Term::location)
        .containsExactly(new Location("", 1, 12), new Location("", 1, 14));
    Expr second = q.body().exprs().get(1);
    assertThat(second.location()).isEqualTo(new Location("", 2, 3));
    assertThat(((Expr.TermForm) second.form()).term().location()).isEqualTo(new Location("", 2, 7));
  }

  @Test
  void columnsCountCodePoints() throws PolicyException {
    RegoParser.ParsedQuery q = RegoParser.parseQueryWithText("\"😀é\" == x");
    Term.Call eq = (Term.Call) ((Expr.TermForm) q.body().exprs().get(0).form()).term();
    assertThat(eq.args().get(1).location()).isEqualTo(new Location("", 1, 9));
  }

  @Test
  void singleTerms() throws PolicyException {
    assertThat(term("{\"a\": {1, 2}}")).isEqualTo("{\"a\": set(1, 2)}");
    assertThat(term("  [1]  # comment\n")).isEqualTo("[1]");
    assertThat(term("(1)")).isEqualTo("1");
    assertThat(List.of(term("x"), term("input.x"))).containsExactly("x", "ref(input, \"x\")");
  }
}
