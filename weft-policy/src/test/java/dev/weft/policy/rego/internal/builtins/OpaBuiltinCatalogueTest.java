package dev.weft.policy.rego.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.NumberValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OPA's built-in catalogue (the names and arities of OPA v1.20.2's capabilities, a derived list
 * kept as a test resource) against Weft's registry: every built-in must be implemented, with the
 * same arity, except the few listed here with where they are handled or why they are left out.
 */
class OpaBuiltinCatalogueTest {

  private static final String CATALOGUE = "opa-v1.20.2-builtins.txt";

  /** Operators the evaluator compiles itself; each is checked to work below. */
  private static final Map<String, String> EVALUATOR =
      Map.of(
          "eq", "unification (=), compiled by the evaluator",
          "assign", "assignment (:=), compiled by the evaluator",
          "print", "print(...), compiled by the evaluator to the evaluation's print sink",
          "internal.print", "what OPA rewrites print to; Weft's evaluator handles print directly");

  /**
   * Built-ins that belong to the compiler and the test runner: METADATA annotations ({@code
   * rego.metadata.*}, compiled by {@code ExprCompiler} from the rule's annotations) and
   * parameterized tests (OPA's {@code internal.test_case}, which Weft's test runner replaces by
   * {@code EvalOptions.testCases}).
   */
  private static final Map<String, String> ELSEWHERE =
      Map.of(
          "rego.metadata.chain", "METADATA annotations, compiled by the compiler",
          "rego.metadata.rule", "METADATA annotations, compiled by the compiler",
          "internal.test_case", "parameterized tests, reported through EvalOptions.testCases");

  record Entry(String name, int arity, boolean deprecated) {}

  static List<Entry> catalogue() throws IOException {
    List<Entry> out = new ArrayList<>();
    try (InputStream in = OpaBuiltinCatalogueTest.class.getResourceAsStream(CATALOGUE)) {
      assertThat(in).as("test resource " + CATALOGUE).isNotNull();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.strip().split(" ");
        int slash = parts[0].lastIndexOf('/');
        out.add(
            new Entry(
                parts[0].substring(0, slash),
                Integer.parseInt(parts[0].substring(slash + 1)),
                parts.length > 1 && parts[1].equals("deprecated")));
      }
    }
    return out;
  }

  @Test
  void everyOpaBuiltinIsImplementedWithItsArity() throws IOException {
    List<String> missing = new ArrayList<>();
    List<Entry> entries = catalogue();
    assertThat(entries).hasSizeGreaterThan(200);
    for (Entry e : entries) {
      if (EVALUATOR.containsKey(e.name()) || ELSEWHERE.containsKey(e.name())) {
        continue;
      }
      Builtin b = Builtins.lookup(e.name());
      if (b == null) {
        missing.add(e.name() + "/" + e.arity());
      } else if (b.arity() != e.arity()) {
        missing.add(e.name() + "/" + e.arity() + " (Weft has arity " + b.arity() + ")");
      }
    }
    System.out.println(
        "OPA built-ins missing from Weft: " + (missing.isEmpty() ? "none" : missing));
    assertThat(missing).as("OPA built-ins Weft lacks").isEmpty();
  }

  @Test
  void theDeprecatedBuiltinsAreTheOnesOpaDeprecates() throws IOException {
    List<String> deprecated =
        catalogue().stream().filter(Entry::deprecated).map(Entry::name).sorted().toList();
    assertThat(deprecated).isEqualTo(DeprecatedBuiltins.NAMES);
  }

  @Test
  void theOperatorsTheEvaluatorCompilesWork() throws Exception {
    List<String> printed = new ArrayList<>();
    RegoPolicy policy = RegoPolicy.builder().build();
    assertThat(
            policy
                .prepare("x = 1; y := x + 1; print(\"y is\", y)")
                .evaluate(EvalOptions.of(null).withPrint(printed::add))
                .solutions()
                .getFirst()
                .bindings()
                .get("y"))
        .isEqualTo(NumberValue.of(2));
    assertThat(printed).containsExactly("y is 2");
  }
}
