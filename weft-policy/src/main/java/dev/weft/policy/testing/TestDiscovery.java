package dev.weft.policy.testing;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.internal.PolicyModules;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.StringValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the tests of a policy as OPA does: a rule whose head, read up to its first non-constant
 * segment, has a segment starting with {@code test_} (run) or {@code todo_test_} (skipped); the
 * test is the head up to that segment. Functions are not tests. Each test is listed once, at its
 * first definition, in file order; only rules {@link RegoPolicy#rulePaths()} reports count.
 */
final class TestDiscovery {

  static final String TEST_PREFIX = "test_";
  static final String SKIP_PREFIX = "todo_test_";

  /** How a test is run. */
  enum Kind {
    RUN,
    SKIP,
    /** A test rule with a variable in its head after the test name ({@code test_x[case]}). */
    PARAMETERIZED
  }

  /**
   * A test found in the policy.
   *
   * @param packageName the package reference, e.g. {@code data.authz_test}
   * @param name the rule reference within the package, e.g. {@code test_allow}
   * @param query the reference to evaluate, e.g. {@code data.authz_test.test_allow}
   * @param location where the (first) rule defining it starts
   * @param kind how to run it
   */
  record TestCase(String packageName, String name, String query, Location location, Kind kind) {
    String fullName() {
      return packageName + "." + name;
    }
  }

  private TestDiscovery() {}

  static List<TestCase> find(RegoPolicy policy) {
    return find(PolicyModules.of(policy), policy.rulePaths());
  }

  /** The tests among {@code policyModules}, kept only if {@code rulePaths} lists them. */
  static List<TestCase> find(List<Module> policyModules, List<String> rulePaths) {
    Map<List<String>, TestCase> found = new LinkedHashMap<>();
    List<Module> modules = new ArrayList<>(policyModules);
    modules.sort(Comparator.comparing(Module::file));
    for (Module module : modules) {
      for (Rule rule : module.rules()) {
        if (rule.isFunction()) {
          continue;
        }
        List<String> prefix = groundPrefix(rule.head());
        int at = testSegment(prefix);
        if (at < 0) {
          continue;
        }
        List<String> ref = prefix.subList(0, at + 1);
        List<String> key = new ArrayList<>(module.packagePath());
        key.addAll(ref);
        if (found.containsKey(key)) {
          continue;
        }
        Kind kind =
            ref.getLast().startsWith(SKIP_PREFIX)
                ? Kind.SKIP
                : prefix.size() < rule.head().size() ? Kind.PARAMETERIZED : Kind.RUN;
        String pkg = RegoRefs.render("data", module.packagePath());
        String name = RegoRefs.render(ref.getFirst(), ref.subList(1, ref.size()));
        String query = RegoRefs.render("data", key);
        found.put(key, new TestCase(pkg, name, query, rule.location(), kind));
      }
    }
    Set<List<String>> reported = new HashSet<>();
    for (String path : rulePaths) {
      List<String> segments = RegoRefs.parse(path);
      if (segments == null) {
        continue;
      }
      for (int k = 1; k <= segments.size(); k++) {
        List<String> candidate = segments.subList(0, k);
        if (found.containsKey(candidate)) {
          reported.add(List.copyOf(candidate));
          break;
        }
      }
    }
    List<TestCase> tests = new ArrayList<>();
    found.forEach(
        (key, test) -> {
          if (reported.contains(key)) {
            tests.add(test);
          }
        });
    return tests;
  }

  /** The head's leading string constants: {@code p.q[x].r} gives {@code [p, q]}. */
  private static List<String> groundPrefix(List<Term> head) {
    List<String> out = new ArrayList<>();
    for (Term t : head) {
      if (t instanceof Term.Scalar s && s.value() instanceof StringValue v) {
        out.add(v.value());
      } else {
        break;
      }
    }
    return out;
  }

  private static int testSegment(List<String> prefix) {
    for (int i = 0; i < prefix.size(); i++) {
      String s = prefix.get(i);
      if (s.startsWith(TEST_PREFIX) || s.startsWith(SKIP_PREFIX)) {
        return i;
      }
    }
    return -1;
  }
}
