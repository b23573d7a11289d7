package dev.weft.policy.rego.internal.parser;

import static dev.weft.policy.rego.internal.parser.ParseErrors.query;
import static dev.weft.policy.rego.internal.parser.ParseErrors.term;
import static dev.weft.policy.rego.internal.parser.ParseErrors.v0;
import static dev.weft.policy.rego.internal.parser.ParseErrors.v1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input: OPA's messages, exact, located as file:line:col, with hints. */
class RegoParserErrorTest {

  private static final String P = "package p\n";

  @Test
  void scannerErrors() {
    assertThat(v1(P + "x := \"abc"))
        .isEqualTo(
            """
            3 errors occurred:
            p.rego:2:6: rego_parse_error: non-terminated string
            p.rego:2:6: rego_parse_error: illegal token
            p.rego:2:6: rego_parse_error: illegal token""");
    assertThat(query("x := 1."))
        .isEqualTo(
            """
            2 errors occurred:
            1:6: rego_parse_error: expected fraction
            1:6: rego_parse_error: illegal token""");
    assertThat(query("x := 1e"))
        .startsWith("2 errors occurred:\n1:6: rego_parse_error: expected exponent\n");
    assertThat(query("x := 0x1F"))
        .startsWith("2 errors occurred:\n1:6: rego_parse_error: illegal number format\n");
    assertThat(query("x := \"a\\qb\""))
        .startsWith("2 errors occurred:\n1:6: rego_parse_error: illegal escape sequence\n");
    assertThat(query("a !b"))
        .isEqualTo(
            """
            2 errors occurred:
            1:3: rego_parse_error: illegal ! character
            1:3: rego_parse_error: illegal token""");
    assertThat(query("x := 1 @ 2")).isEqualTo("1:8: rego_parse_error: illegal token");
    assertThat(v1(P + "é := 1")).isEqualTo("p.rego:2:1: rego_parse_error: illegal token");
    assertThat(v1(P + "p := 1 \uFEFF"))
        .isEqualTo("p.rego:2:8: rego_parse_error: illegal byte-order mark");
    assertThat(query("x := 1(2)"))
        .isEqualTo("1:6: rego_parse_error: illegal ref (head cannot be number)");
    assertThat(query("\"a\".b"))
        .isEqualTo("1:1: rego_parse_error: illegal ref (head cannot be string)");
    assertThat(query("x := \"a\u0000\""))
        .startsWith("2 errors occurred:\n1:6: rego_parse_error: illegal null character\n");
    assertThat(query("x := 1 # a\u0000"))
        .startsWith("2 errors occurred:\n1:8: rego_parse_error: illegal null character\n");
    assertThat(query("x := \"\\u00zz\""))
        .isEqualTo("1:6: rego_parse_error: illegal string literal: \"\\u00zz\"");
    assertThat(query("x := $\"a {y}\""))
        .isEqualTo(
            "1:6: rego_parse_error: template strings are not supported by current capabilities");
  }

  @Test
  void numbers() {
    assertThat(query("x := 00"))
        .isEqualTo(
            "1:6: rego_parse_error: unexpected number token: expected number without leading zero");
    assertThat(query("x := -y"))
        .isEqualTo("1:7: rego_parse_error: unexpected identifier token: expected number");
    assertThat(query("x := 1e400000")).isEqualTo("1:6: rego_parse_error: number too big");
    assertThat(query("x := 1e-400000")).isEqualTo("1:6: rego_parse_error: number too big");
    assertThat(query("x := 1e99999999999")).isEqualTo("1:6: rego_parse_error: number too big");
    assertThat(query("x := " + "7".repeat(1_000_000)))
        .isEqualTo("1:6: rego_parse_error: number too big");
    // exact decimals of literals longer than 40000 characters would take superlinear time
    assertThat(query("x := 0." + "7".repeat(Literals.MAX_LITERAL)))
        .isEqualTo("1:6: rego_parse_error: number too big");
  }

  @Test
  void unexpectedTokens() {
    assertThat(v1(P + "p {")).isEqualTo("p.rego:2:4: rego_parse_error: unexpected eof token");
    assertThat(v1(P + "p if }")).isEqualTo("p.rego:2:7: rego_parse_error: unexpected eof token");
    assertThat(v1(P + "p if {\n  x := 1 y := 2\n}"))
        .isEqualTo(
            "p.rego:3:10: rego_parse_error: unexpected identifier token: expected \\n or ; or }");
    assertThat(query("[x | a b]"))
        .isEqualTo("1:8: rego_parse_error: unexpected identifier token: expected \\n or ; or ]");
    assertThat(query("x := (1 + 2")).isEqualTo("1:12: rego_parse_error: non-terminated expression");
    assertThat(query("f(1 2)"))
        .isEqualTo("1:5: rego_parse_error: unexpected number token: expected \",\" or \")\"");
    assertThat(query("x := a[1"))
        .isEqualTo("1:9: rego_parse_error: unexpected eof token: expected [");
    assertThat(query("x."))
        .isEqualTo("1:3: rego_parse_error: unexpected eof token: expected identifier");
    assertThat(query("x. y"))
        .isEqualTo("1:3: rego_parse_error: unexpected whitespace token: expected identifier");
    assertThat(query("x := }")).isEqualTo("1:6: rego_parse_error: unexpected } token");
    assertThat(query("x := y = z")).isEqualTo("1:8: rego_parse_error: unexpected eq token");
    assertThat(query("x := if")).isEqualTo("1:6: rego_parse_error: unexpected if keyword");
    assertThat(query("")).isEqualTo("1:1: rego_parse_error: empty query");
    assertThat(query("# only a comment\n")).isEqualTo("2:1: rego_parse_error: empty query");
  }

  @Test
  void composites() {
    assertThat(v1(P + "x := [1, 2"))
        .isEqualTo(
            """
            2 errors occurred:
            p.rego:2:11: rego_parse_error: unexpected eof token: expected "," or "]"
            p.rego:2:11: rego_parse_error: unexpected eof token: expected rule value term (e.g., x := <VALUE> { ... })""");
    assertThat(query("x := {\"a\": 1, \"b\" 2}"))
        .isEqualTo("1:12: rego_parse_error: unexpected number token: non-terminated object");
    assertThat(query("x := {1, 2 3}"))
        .isEqualTo("1:12: rego_parse_error: unexpected number token: expected \",\" or \"}\"");
    assertThat(query("x := {1 2}"))
        .isEqualTo("1:9: rego_parse_error: unexpected number token: non-terminated set");
    assertThat(query("x := {\"a\": 1, 2}"))
        .isEqualTo("1:12: rego_parse_error: unexpected number token: non-terminated object");
    assertThat(query("[x | ]")).isEqualTo("1:6: rego_parse_error: found empty body");
  }

  @Test
  void someEveryNotWith() {
    assertThat(query("not some x"))
        .isEqualTo("1:5: rego_parse_error: unexpected some keyword: illegal negation of 'some'");
    assertThat(query("not every x in y { x }"))
        .isEqualTo("1:5: rego_parse_error: unexpected every keyword: illegal negation of 'every'");
    assertThat(query("some 1"))
        .isEqualTo("1:6: rego_parse_error: unexpected number token: expected var");
    assertThat(query("some f(x)"))
        .isEqualTo(
            "1:10: rego_parse_error: unexpected eof token: expected `x in xs` or `x, y in xs` expression");
    assertThat(query("every x in xs"))
        .isEqualTo("1:14: rego_parse_error: unexpected eof token: missing body");
    assertThat(query("every 1 in xs { true }"))
        .isEqualTo("1:15: rego_parse_error: unexpected { token: expected value to be a variable");
    assertThat(query("every 1, x in xs { true }"))
        .isEqualTo("1:18: rego_parse_error: unexpected { token: expected key to be a variable");
    assertThat(query("every x { true }"))
        .isEqualTo(
            "1:9: rego_parse_error: unexpected { token: expected `x[, y] in xs { ... }` expression");
    assertThat(query("x with 1 as 2"))
        .isEqualTo("1:8: rego_parse_error: unexpected number token: expected ident");
    assertThat(query("x with input 1"))
        .isEqualTo("1:14: rego_parse_error: unexpected number token: expected as keyword");
  }

  @Test
  void statementsThatAreNoRules() {
    assertThat(v1(P + "p"))
        .isEqualTo("p.rego:2:1: rego_parse_error: var cannot be used for rule name");
    assertThat(v1(P + "1 = 2"))
        .isEqualTo("p.rego:2:1: rego_parse_error: number cannot be used for rule name");
    assertThat(v1(P + "\"s\""))
        .isEqualTo("p.rego:2:1: rego_parse_error: string cannot be used for rule name");
    assertThat(v1(P + "x == 1"))
        .isEqualTo("p.rego:2:1: rego_parse_error: rule name conflicts with built-in function");
    assertThat(v1(P + "p; q"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: multiple expressions cannot be used for rule head");
    assertThat(v1(P + "not p"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: negated expressions cannot be used for rule head");
    assertThat(v1(P + "p with input as 1"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: expressions using with keyword cannot be used for rule head");
    assertThat(v1(P + "some x"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: 'some' declarations cannot be used for rule head");
    assertThat(v1(P + "every x in y { x }"))
        .isEqualTo("p.rego:2:1: rego_parse_error: expression cannot be used for rule head");
    assertThat(v1(P + "input"))
        .isEqualTo("p.rego:2:1: rego_parse_error: refs cannot be used for rule head");
    assertThat(v1(P + "[1][0] = 2"))
        .isEqualTo("p.rego:2:1: rego_parse_error: invalid rule head: [1][0]");
    assertThat(v1(P + "f()"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: rule argument list must take at least one argument");
    assertThat(v1(P + "f(1).g := 2"))
        .isEqualTo("p.rego:2:1: rego_parse_error: invalid rule head: f(1).g");
    assertThat(v1(P + "a.b.c"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: rule must have value assignment and/or body declaration");
    assertThat(v1(P + "f(x)"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: function must have value assignment and/or body declaration");
    assertThat(v1(P + "p := 1\np\nq := 2\n[]"))
        .isEqualTo(
            """
            2 errors occurred:
            p.rego:3:1: rego_parse_error: var cannot be used for rule name
            p.rego:5:1: rego_parse_error: array cannot be used for rule name""");
  }

  @Test
  void ruleHeads() {
    assertThat(v1(P + "p := "))
        .isEqualTo(
            """
            2 errors occurred:
            p.rego:2:6: rego_parse_error: unexpected eof token
            p.rego:2:6: rego_parse_error: unexpected eof token: expected rule value term (e.g., p := <VALUE> { ... })""");
    assertThat(v1(P + "p = "))
        .endsWith(
            "unexpected eof token: expected rule value term (e.g., p[<nil>] = <VALUE> { ... })");
    assertThat(v1(P + "f(x) := "))
        .endsWith(
            "unexpected eof token: expected function value term (e.g., f(...) := <VALUE> { ... })");
    assertThat(v1(P + "default p := "))
        .endsWith(
            "unexpected eof token: expected default rule value term (e.g., default p := <VALUE>)");
    assertThat(v1(P + "a.b[\"c d\"] := ")).endsWith("(e.g., a.b[\"c d\"] := <VALUE> { ... })");
    assertThat(v1(P + "p contains "))
        .endsWith(
            "unexpected eof token: expected rule key term (e.g., p contains <VALUE> { ... })");
    assertThat(v1(P + "f(x) contains 1"))
        .startsWith(
            "p.rego:2:6: rego_parse_error: unexpected contains keyword: the contains keyword can only be used with multi-value rule definitions (e.g., f contains <VALUE> { ... })");
    assertThat(v1(P + "p==1")).isEqualTo("p.rego:2:2: rego_parse_error: unexpected equal token");
  }

  @Test
  void defaultRules() {
    assertThat(v1(P + "default p := input.x"))
        .isEqualTo("p.rego:2:1: rego_parse_error: illegal default rule (value cannot contain ref)");
    assertThat(v1(P + "default p := [x, {\"a\": f(1)}, {y | y := 1}]"))
        .isEqualTo(
            """
            2 errors occurred:
            p.rego:2:1: rego_parse_error: illegal default rule (value cannot contain var)
            p.rego:2:1: rego_parse_error: illegal default rule (value cannot contain call)""");
    assertThat(v1(P + "default p[x]"))
        .isEqualTo("p.rego:2:1: rego_parse_error: illegal default rule (must have a value)");
    assertThat(v1(P + "default f(1, x) := 1"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: illegal default rule (arguments cannot contain number)");
    assertThat(v1(P + "default f(x, x) := 1"))
        .isEqualTo(
            "p.rego:2:1: rego_parse_error: illegal default rule (arguments cannot be repeated x)");
  }

  @Test
  void elseChains() {
    assertThat(v1(P + "p[x] = 1 if { x := 1 } else = 2"))
        .isEqualTo(
            "p.rego:2:24: rego_parse_error: else keyword cannot be used on rules with variables in head");
    assertThat(v1(P + "p contains x if { x := 1 } else = 2"))
        .isEqualTo(
            "p.rego:2:28: rego_parse_error: else keyword cannot be used on multi-value rules");
    assertThat(v1(P + "p if { x } else := 1 if { y } { z }"))
        .isEqualTo("p.rego:2:31: rego_parse_error: expected else keyword");
    assertThat(v1(P + "p if { x } else"))
        .isEqualTo(
            "p.rego:2:16: rego_parse_error: unexpected eof token: expected else value term or rule body");
    assertThat(v1(P + "p if { x } else := 1 if"))
        .isEqualTo("p.rego:2:24: rego_parse_error: unexpected eof token: rule body expected");
    assertThat(v1(P + "p := 1\nelse := 2"))
        .isEqualTo("p.rego:3:1: rego_parse_error: unexpected else keyword");
  }

  @Test
  void packagesAndImports() {
    assertThat(v1("")).isEqualTo("p.rego:1:1: rego_parse_error: empty module");
    assertThat(v1("# nothing here\n")).isEqualTo("p.rego:1:1: rego_parse_error: empty module");
    assertThat(v1("p := 1")).isEqualTo("p.rego:1:1: rego_parse_error: package expected");
    assertThat(v1("import data.x\npackage p"))
        .isEqualTo(
            """
            2 errors occurred:
            p.rego:1:1: rego_parse_error: package expected
            p.rego:2:1: rego_parse_error: unexpected package""");
    assertThat(v1("package")).isEqualTo("p.rego:1:8: rego_parse_error: unexpected eof token");
    assertThat(v1("package 1")).isEqualTo("p.rego:1:9: rego_parse_error: unexpected number token");
    assertThat(v1("package a[x]"))
        .isEqualTo("p.rego:1:11: rego_parse_error: unexpected var token: expecting string");
    assertThat(v1(P + "import foo.bar"))
        .isEqualTo(
            """
            p.rego:2:8: rego_parse_error: unexpected import path, must begin with one of: {data, future, input, rego}, got: foo
            \thint: if this is unexpected, try updating OPA""");
    assertThat(v1(P + "import data.x.in"))
        .isEqualTo(
            """
            p.rego:2:15: rego_parse_error: unexpected import path, must not end with a keyword, got: in
            \thint: import a different path or use an alias""");
    assertThat(v1(P + "import data.x[y]"))
        .isEqualTo("p.rego:2:15: rego_parse_error: unexpected var token: expecting string");
    assertThat(v1(P + "import data.x as 1"))
        .isEqualTo("p.rego:2:18: rego_parse_error: unexpected number token: expected var");
    assertThat(v1(P + "import rego.v2"))
        .isEqualTo("p.rego:2:8: rego_parse_error: invalid import `rego.v2`, must be `rego.v1`");
    assertThat(v0(P + "import rego.v1 as r"))
        .isEqualTo("p.rego:2:8: rego_parse_error: `rego` imports cannot be aliased");
    assertThat(v1(P + "import future"))
        .isEqualTo("p.rego:2:8: rego_parse_error: invalid import, must be `future.keywords`");
    assertThat(v1(P + "import future.keywords as k"))
        .isEqualTo("p.rego:2:8: rego_parse_error: `future` imports cannot be aliased");
    assertThat(v1(P + "import future.keywords.foo"))
        .isEqualTo(
            "p.rego:2:8: rego_parse_error: unexpected keyword, must be one of [contains every if in]");
  }

  @Test
  void singleTerms() {
    assertThat(term("1 + 2")).isEqualTo("1:1: rego_parse_error: expected term but got 1 + 2");
    assertThat(term("x; y"))
        .isEqualTo("1:1: rego_parse_error: expected exactly one term but got: x; y");
    assertThat(term("not x")).isEqualTo("1:1: rego_parse_error: expected term but got not x");
    assertThat(term("")).isEqualTo("1:1: rego_parse_error: empty query");
    assertThat(term("{")).isEqualTo("1:2: rego_parse_error: unexpected eof token");
  }
}
