package dev.weft.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which module a class belongs to, told by where its class file was loaded from (a module's {@code
 * target/classes} or packaged jar in the reactor, or its jar in the local repository), and which
 * modules each module may use.
 */
final class Modules {

  /**
   * The layering, bottom up: each module and the modules it may use directly. What they may use in
   * turn is allowed too, so the table names only the edges the poms declare on purpose.
   */
  static final Map<String, Set<String>> ALLOWED = allowed();

  private static final Pattern LOCATION =
      Pattern.compile(
          "/(weft-[a-z0-9-]+?)(?:/target/classes/|/target/[^/!]+\\.jar!|-\\d[^/]*\\.jar!)");

  private Modules() {}

  private static Map<String, Set<String>> allowed() {
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    edges.put("weft-proto", Set.of());
    edges.put("weft-config", Set.of());
    edges.put("weft-testing", Set.of());
    edges.put("weft-identity", Set.of("weft-proto"));
    edges.put("weft-trust", Set.of("weft-identity", "weft-config"));
    edges.put("weft-policy", Set.of("weft-identity", "weft-config"));
    edges.put("weft-fabric", Set.of("weft-identity", "weft-policy", "weft-config"));
    edges.put("weft-controller", Set.of("weft-fabric", "weft-trust"));
    edges.put("weft-agent", Set.of("weft-identity", "weft-policy", "weft-config", "weft-fabric"));
    edges.put("weft-agent-runtime", Set.of("weft-agent"));
    edges.put("weft-cli", Set.of("weft-trust", "weft-agent-runtime", "weft-controller"));
    edges.put(
        "weft-benchmarks", Set.of("weft-trust", "weft-agent", "weft-controller", "weft-testing"));
    return edges;
  }

  /** The module that holds {@code javaClass}. */
  static String of(JavaClass javaClass) {
    String uri =
        javaClass
            .getSource()
            .map(source -> source.getUri().toString())
            .orElseThrow(() -> new IllegalStateException("no class file for " + javaClass));
    Matcher matcher = LOCATION.matcher(uri);
    if (!matcher.find()) {
      throw new IllegalStateException(
          javaClass.getName() + ": loaded from " + uri + " (expected: a weft-* module)");
    }
    return matcher.group(1);
  }

  /** Every module that holds at least one of {@code classes}. */
  static Set<String> present(JavaClasses classes) {
    Set<String> modules = new TreeSet<>();
    classes.forEach(c -> modules.add(of(c)));
    return modules;
  }

  /** Whether code in {@code from} may use code in {@code to}, directly or through the layers. */
  static boolean mayUse(String from, String to) {
    if (!ALLOWED.containsKey(from)) {
      throw new IllegalStateException(from + ": not in the module table (add it to Modules)");
    }
    Deque<String> pending = new ArrayDeque<>(ALLOWED.get(from));
    Set<String> seen = new TreeSet<>();
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (next.equals(to)) {
        return true;
      }
      if (seen.add(next)) {
        pending.addAll(ALLOWED.getOrDefault(next, Set.of()));
      }
    }
    return false;
  }
}
