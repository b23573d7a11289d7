package dev.weft.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.testing.TestDiscovery.Kind;
import dev.weft.policy.testing.TestDiscovery.TestCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rules are tests, on hand-built syntax trees. */
class TestDiscoveryTest {

  private static Term s(String name) {
    return new Term.Scalar(StringValue.of(name), Location.NONE);
  }

  private static Rule rule(String file, int line, List<Term> head, List<Term> args) {
    return new Rule(
        head,
        args,
        null,
        new Term.Scalar(BooleanValue.TRUE, Location.NONE),
        false,
        false,
        new Body(List.of(), Location.NONE),
        null,
        new Location(file, line, 1));
  }

  private static Module module(String file, List<String> pkg, Rule... rules) {
    return new Module(file, pkg, List.of(), List.of(rules), RegoVersion.V1, Location.NONE);
  }

  @Test
  void findsTestsSkipsAndParameterizedRulesInFileOrder() {
    Module b =
        module(
            "b_test.rego",
            List.of("b"),
            rule("b_test.rego", 3, List.of(s("test_one")), null),
            rule("b_test.rego", 4, List.of(s("helper")), null),
            rule(
                "b_test.rego", 5, List.of(s("test_fn")), List.of(new Term.Var("x", Location.NONE))),
            rule("b_test.rego", 6, List.of(s("todo_test_later")), null),
            rule("b_test.rego", 7, List.of(s("test_one")), null),
            rule(
                "b_test.rego",
                8,
                List.of(s("test_cases"), new Term.Var("case", Location.NONE)),
                null),
            rule("b_test.rego", 9, List.of(s("p"), s("q"), s("test_dotted"), s("leaf")), null));
    Module a =
        module(
            "a_test.rego",
            List.of("a", "odd-name"),
            rule("a_test.rego", 2, List.of(s("test_first")), null));

    List<TestCase> tests =
        TestDiscovery.find(
            List.of(b, a),
            List.of(
                "data.a[\"odd-name\"].test_first",
                "data.b.helper",
                "data.b.p.q.test_dotted.leaf",
                "data.b.test_cases",
                "data.b.test_fn",
                "data.b.test_one",
                "data.b.todo_test_later"));

    assertThat(tests)
        .containsExactly(
            new TestCase(
                "data.a[\"odd-name\"]",
                "test_first",
                "data.a[\"odd-name\"].test_first",
                new Location("a_test.rego", 2, 1),
                Kind.RUN),
            new TestCase(
                "data.b",
                "test_one",
                "data.b.test_one",
                new Location("b_test.rego", 3, 1),
                Kind.RUN),
            new TestCase(
                "data.b",
                "todo_test_later",
                "data.b.todo_test_later",
                new Location("b_test.rego", 6, 1),
                Kind.SKIP),
            new TestCase(
                "data.b",
                "test_cases",
                "data.b.test_cases",
                new Location("b_test.rego", 8, 1),
                Kind.PARAMETERIZED),
            new TestCase(
                "data.b",
                "p.q.test_dotted",
                "data.b.p.q.test_dotted",
                new Location("b_test.rego", 9, 1),
                Kind.RUN));
  }

  @Test
  void rulesTheCompilerDoesNotReportAreNotTests() {
    Module m = module("t.rego", List.of("t"), rule("t.rego", 1, List.of(s("test_x")), null));

    assertThat(TestDiscovery.find(List.of(m), List.of("data.t.other"))).isEmpty();
  }

  @Test
  void aTestPrefixInThePackageDoesNotMakeATest() {
    Module m = module("t.rego", List.of("test_pkg"), rule("t.rego", 1, List.of(s("allow")), null));

    assertThat(TestDiscovery.find(List.of(m), List.of("data.test_pkg.allow"))).isEmpty();
  }
}
