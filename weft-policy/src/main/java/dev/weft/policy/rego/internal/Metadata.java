package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.internal.ast.Annotation;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.internal.builtins.Builtin;
import dev.weft.policy.rego.internal.builtins.BuiltinContext;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The annotations of all modules, by what they apply to, and {@code rego.metadata.chain()} and
 * {@code rego.metadata.rule()}, which OPA computes at compile time for the rule that calls them.
 */
final class Metadata {

  /** The names of the two built-ins this class answers. */
  static final String CHAIN = "rego.metadata.chain";

  static final String RULE = "rego.metadata.rule";

  private final Map<Rule, ObjectValue> rules = new IdentityHashMap<>();
  private final Map<List<String>, ObjectValue> documents = new HashMap<>();
  private final Map<List<String>, ObjectValue> packages = new HashMap<>();
  private final Map<List<String>, ObjectValue> subpackages = new HashMap<>();

  Metadata(List<Module> modules) {
    for (Module m : modules) {
      for (Annotation a : m.annotations()) {
        switch (a.scope()) {
          case "package" -> packages.putIfAbsent(m.packagePath(), a.value());
          case "subpackages" -> subpackages.putIfAbsent(m.packagePath(), a.value());
          case "rule" -> rules.put(m.rules().get(a.rule()), a.value());
          default -> documents.putIfAbsent(path(m, m.rules().get(a.rule())), a.value());
        }
      }
    }
  }

  /** The rule's path without {@code data}: the package, then the head's leading names. */
  static List<String> path(Module m, Rule r) {
    List<String> path = new ArrayList<>(m.packagePath());
    int prefix = Compiler.staticPrefixLength(r);
    for (int i = 0; i < prefix; i++) {
      path.add(((StringValue) ((Term.Scalar) r.head().get(i)).value()).value());
    }
    return path;
  }

  /** The built-in {@code name} answers for rule {@code r} of module {@code m}, or null. */
  Builtin builtin(String name, Module m, Rule r) {
    return switch (name) {
      case CHAIN -> constant(name, m == null ? ArrayValue.EMPTY : chain(m, r));
      case RULE ->
          constant(name, m == null ? ObjectValue.EMPTY : rules.getOrDefault(r, ObjectValue.EMPTY));
      default -> null;
    };
  }

  private Value chain(Module m, Rule r) {
    List<Value> chain = new ArrayList<>();
    List<String> rulePath = path(m, r);
    ObjectValue own = rules.get(r);
    chain.add(entry(rulePath, own));
    ObjectValue document = documents.get(rulePath);
    if (document != null) {
      chain.add(entry(rulePath, document));
    }
    List<String> pkg = m.packagePath();
    for (int n = pkg.size(); n >= 0; n--) {
      List<String> prefix = pkg.subList(0, n);
      ObjectValue p = n == pkg.size() ? packages.get(prefix) : null;
      if (p != null) {
        chain.add(entry(prefix, p));
      }
      ObjectValue sub = subpackages.get(prefix);
      if (sub != null) {
        chain.add(entry(prefix, sub));
      }
    }
    return ArrayValue.of(chain);
  }

  private static Value entry(List<String> path, ObjectValue annotations) {
    List<Value> segments = new ArrayList<>();
    path.forEach(s -> segments.add(StringValue.of(s)));
    ObjectValue.Builder b = ObjectValue.builder().put("path", ArrayValue.of(segments));
    if (annotations != null) {
      b.put("annotations", annotations);
    }
    return b.build();
  }

  private static Builtin constant(String name, Value value) {
    return new Builtin() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int arity() {
        return 0;
      }

      @Override
      public Value call(BuiltinContext ctx, Value[] args) {
        return value;
      }
    };
  }
}
