package dev.weft.policy.rego.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Import;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Modules: package, imports and every kind of rule, in v1 and v0 syntax, with locations. */
class RegoParserModuleTest {

  static Module parse(String src, RegoVersion version) throws PolicyException {
    return RegoParser.parseModule("p.rego", src, version);
  }

  static List<String> rules(String src, RegoVersion version) throws PolicyException {
    return parse(src, version).rules().stream().map(AstText::rule).toList();
  }

  static List<String> v1(String rules) throws PolicyException {
    return rules("package p\n" + rules, RegoVersion.V1);
  }

  static List<String> v0(String rules) throws PolicyException {
    return rules("package p\n" + rules, RegoVersion.V0);
  }

  static Location at(int line, int col) {
    return new Location("p.rego", line, col);
  }

  @Test
  void packageAndImports() throws PolicyException {
    Module m =
        parse(
            """
            package agentweave.authz["fed-1"]

            import data.a.b
            import input.x as y
            import rego.v1
            import future.keywords
            import future.keywords.in
            """,
            RegoVersion.V1);
    assertThat(m.file()).isEqualTo("p.rego");
    assertThat(m.packagePath()).containsExactly("agentweave", "authz", "fed-1");
    assertThat(m.location()).isEqualTo(at(1, 1));
    assertThat(m.version()).isEqualTo(RegoVersion.V1);
    assertThat(m.rules()).isEmpty();
    assertThat(m.imports())
        .extracting(i -> AstText.term(i.path()) + (i.alias() == null ? "" : " as " + i.alias()))
        .containsExactly(
            "ref(data, \"a\", \"b\")",
            "ref(input, \"x\") as y",
            "ref(rego, \"v1\")",
            "ref(future, \"keywords\")",
            "ref(future, \"keywords\", \"in\")");
    Import first = m.imports().get(0);
    assertThat(first.location()).isEqualTo(at(3, 1));
    assertThat(first.path().location()).isEqualTo(at(3, 8));
    assertThat(first.path().path().get(1).location()).isEqualTo(at(3, 15));
  }

  @Test
  void importOfARootDocumentAlone() throws PolicyException {
    Module m = parse("package p\nimport data\nimport input", RegoVersion.V1);
    assertThat(m.imports())
        .extracting(i -> AstText.term(i.path()))
        .containsExactly("ref(data, )", "ref(input, )");
  }

  @Test
  void completeRulesInV1() throws PolicyException {
    assertThat(
            v1(
                """
                default allow := false
                default limit = 10
                allow if {
                  input.user == "alice"
                  input.method != "DELETE"
                }
                deny if input.x > 1
                p := 1
                q = "two"
                r := x if { x := 3 }
                """))
        .containsExactly(
            "default \"allow\" := false {}",
            "default \"limit\" = 10 {}",
            "\"allow\" = true {equal(ref(input, \"user\"), \"alice\"); neq(ref(input, \"method\"),"
                + " \"DELETE\")}",
            "\"deny\" = true {gt(ref(input, \"x\"), 1)}",
            "\"p\" := 1 {}",
            "\"q\" = \"two\" {}",
            "\"r\" := x {assign(x, 3)}");
  }

  @Test
  void setObjectAndRefHeadRulesInV1() throws PolicyException {
    assertThat(
            v1(
                """
                p contains x if { some x in input.xs }
                q contains "a"
                obj[k] := v if { some k, v in input.m }
                a.b[c].d := e if { c := 1; e := 2 }
                p.q.r := 2
                s[x] if { x := 1 }
                foo["bar"](x) := x + 1
                """))
        .containsExactly(
            "\"p\" contains x {some x in ref(input, \"xs\")}",
            "\"q\" contains \"a\" {}",
            "\"obj\".k := v {some k, v in ref(input, \"m\")}",
            "\"a\".\"b\".c.\"d\" := e {assign(c, 1); assign(e, 2)}",
            "\"p\".\"q\".\"r\" := 2 {}",
            "\"s\".x = true {assign(x, 1)}",
            "\"foo\".\"bar\"(x) := plus(x, 1) {}");
  }

  @Test
  void functionsInV1() throws PolicyException {
    assertThat(
            v1(
                """
                f(x, y) := z if { z := x + y }
                g(x) if x > 1
                default h(_) := 0
                strs.lower(s) := lower(s)
                """))
        .containsExactly(
            "\"f\"(x, y) := z {assign(z, plus(x, y))}",
            "\"g\"(x) = true {gt(x, 1)}",
            "default \"h\"(_) := 0 {}",
            "\"strs\".\"lower\"(s) := lower(s) {}");
  }

  @Test
  void elseChainsInV1() throws PolicyException {
    assertThat(
            v1(
                """
                p := 1 if { input.a } else := 2 if { input.b } else := 3
                q if { input.a } else if input.b
                r := "x" if input.a else = "y" if { input.b }
                f(x) := 1 if x > 0 else := -1
                """))
        .containsExactly(
            "\"p\" := 1 {ref(input, \"a\")} else := 2 {ref(input, \"b\")} else := 3 {}",
            "\"q\" = true {ref(input, \"a\")} else = true {ref(input, \"b\")}",
            "\"r\" := \"x\" {ref(input, \"a\")} else = \"y\" {ref(input, \"b\")}",
            "\"f\"(x) := 1 {gt(x, 0)} else := -1 {}");
  }

  @Test
  void ifBodiesOfOneExpressionOrBracesAndFurtherBodies() throws PolicyException {
    assertThat(
            v1(
                """
                a if { true }
                b if {1}
                c if { x := 1 } { y := 2 }
                d if {}
                """))
        .containsExactly(
            "\"a\" = true {true}",
            "\"b\" = true {1}",
            "\"c\" = true {assign(x, 1)}",
            "\"c\" = true {assign(y, 2)}",
            "\"d\" = true {{}}");
  }

  @Test
  void v0RulesWithoutIfOrContains() throws PolicyException {
    assertThat(
            v0(
                """
                default allow = false
                allow { input.user == "alice" }
                p[x] { x := input.xs[_] }
                obj[k] = v { v := input.m[k] }
                f(x) = y { y := x * 2 }
                g(x) { x > 1 }
                q { input.a } { input.b }
                r = 1 { input.a } else = 2 { input.b } else { input.c }
                s = 5
                t[x]
                """))
        .containsExactly(
            "default \"allow\" = false {}",
            "\"allow\" = true {equal(ref(input, \"user\"), \"alice\")}",
            "\"p\" contains x {assign(x, ref(input, \"xs\", _))}",
            "\"obj\".k = v {assign(v, ref(input, \"m\", k))}",
            "\"f\"(x) = y {assign(y, mul(x, 2))}",
            "\"g\"(x) = true {gt(x, 1)}",
            "\"q\" = true {ref(input, \"a\")}",
            "\"q\" = true {ref(input, \"b\")}",
            "\"r\" = 1 {ref(input, \"a\")} else = 2 {ref(input, \"b\")} else = true"
                + " {ref(input, \"c\")}",
            "\"s\" = 5 {}",
            "\"t\" contains x {}");
  }

  @Test
  void v0FutureKeywordsAreIdentifiersUntilImported() throws PolicyException {
    assertThat(
            v0(
                """
                if := 1
                p { contains("abc", "b"); every := 2; in := 3 }
                """))
        .containsExactly(
            "\"if\" := 1 {}",
            "\"p\" = true {contains(\"abc\", \"b\"); assign(every, 2); assign(in, 3)}");
    assertThat(
            v0(
                """
                import future.keywords.in
                p { x in [1] }
                """))
        .containsExactly("\"p\" = true {internal.member_2(x, [1])}");
    assertThat(
            v0(
                """
                import future.keywords.every
                p { every x in [1] { x > 0 } }
                """))
        .containsExactly("\"p\" = true {every x in [1] { gt(x, 0) }}");
    assertThat(
            v0(
                """
                import future.keywords
                p contains x if { some x in [1] }
                """))
        .containsExactly("\"p\" contains x {some x in [1]}");
  }

  @Test
  void v0WithRegoV1ImportAcceptsV1Syntax() throws PolicyException {
    Module m =
        parse(
            """
            package p
            import rego.v1
            p contains x if { some x in input.xs }
            q if every x in input.xs { x > 0 }
            """,
            RegoVersion.V0);
    assertThat(m.version()).isEqualTo(RegoVersion.V0);
    assertThat(m.rules().stream().map(AstText::rule))
        .containsExactly(
            "\"p\" contains x {some x in ref(input, \"xs\")}",
            "\"q\" = true {every x in ref(input, \"xs\") { gt(x, 0) }}");
  }

  @Test
  void ruleLocations() throws PolicyException {
    Module m =
        parse(
            """
            package p

            default allow := false
            allow if {
              input.x
            } else := 3
            """,
            RegoVersion.V1);
    Rule def = m.rules().get(0);
    assertThat(def.location()).isEqualTo(at(3, 1));
    assertThat(def.head().get(0).location()).isEqualTo(at(3, 9));
    assertThat(def.value().location()).isEqualTo(at(3, 18));
    Rule allow = m.rules().get(1);
    assertThat(allow.location()).isEqualTo(at(4, 1));
    assertThat(allow.value().location()).isEqualTo(at(4, 1));
    assertThat(allow.body().location()).isEqualTo(at(5, 3));
    assertThat(allow.body().exprs().get(0).location()).isEqualTo(at(5, 3));
    Rule otherwise = allow.elseRule();
    assertThat(otherwise.location()).isEqualTo(at(6, 3));
    assertThat(otherwise.head()).isEqualTo(allow.head());
    assertThat(otherwise.body().exprs()).isEmpty();
    assertThat(otherwise.body().location()).isEqualTo(at(6, 3));
  }

  @Test
  void ruleKindsAsTheAstDescribesThem() throws PolicyException {
    Module m =
        parse("package p\nf(x) := 1\ns contains 1\no[k] := 2 if k := 1\nc := 3", RegoVersion.V1);
    Rule f = m.rules().get(0);
    Rule s = m.rules().get(1);
    Rule o = m.rules().get(2);
    Rule c = m.rules().get(3);
    assertThat(f.isFunction()).isTrue();
    assertThat(f.name()).isEqualTo("f");
    assertThat(s.isPartialSet()).isTrue();
    assertThat(s.value()).isNull();
    assertThat(o.isPartialSet()).isFalse();
    assertThat(o.head()).hasSize(2).last().isInstanceOf(Term.Var.class);
    assertThat(c.isFunction() || c.isPartialSet()).isFalse();
    assertThat(c.assign()).isTrue();
  }

  @Test
  void commentsAndSemicolonsAndCrLf() throws PolicyException {
    assertThat(
            rules(
                "# header\r\npackage p # trailing\r\n\r\np if { # open\r\n  a; b # two\r\n  c\r\n}\r\n",
                RegoVersion.V1))
        .containsExactly("\"p\" = true {a; b; c}");
  }

  @Test
  void leadingByteOrderMarkIsSkipped() throws PolicyException {
    Module m = parse("\uFEFFpackage p\np := 1", RegoVersion.V1);
    assertThat(m.location()).isEqualTo(at(1, 1));
    assertThat(m.rules().get(0).location()).isEqualTo(at(2, 1));
  }

  @Test
  void containsOutsideHeadsIsTheBuiltIn() throws PolicyException {
    assertThat(v1("p if contains(\"abc\", \"b\")"))
        .containsExactly("\"p\" = true {contains(\"abc\", \"b\")}");
  }

  @Test
  void keywordsAfterDotsAreNames() throws PolicyException {
    assertThat(v1("p := input.if.contains.in.every.not.default.null"))
        .containsExactly(
            "\"p\" := ref(input, \"if\", \"contains\", \"in\", \"every\", \"not\", \"default\","
                + " \"null\") {}");
  }
}
