package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.internal.ast.Import;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.StringValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names a module's rules can use without declaring them: {@code input}, {@code data}, the
 * imports, and the rules of its package (in any module).
 */
final class ModuleScope {

  /** A global name's meaning: a path under input (root = input) or under data (root = data). */
  record Global(boolean input, List<String> path) {}

  private final List<String> packagePath;
  private final Set<String> ruleNames;
  private final Map<String, Global> imports = new HashMap<>();
  final DocNode root;
  private final Module module;
  private final Metadata metadata;

  ModuleScope(Module module, Set<String> ruleNames, DocNode root, Metadata metadata) {
    this.module = module;
    this.metadata = metadata;
    this.packagePath = module.packagePath();
    this.ruleNames = ruleNames;
    this.root = root;
    for (Import imp : module.imports()) {
      Term.Ref ref = imp.path();
      if (!(ref.head() instanceof Term.Var head)) {
        continue;
      }
      List<String> path = new ArrayList<>();
      for (Term t : ref.path()) {
        if (t instanceof Term.Scalar s && s.value() instanceof StringValue str) {
          path.add(str.value());
        }
      }
      boolean input = head.name().equals("input");
      if (!input && !head.name().equals("data")) {
        continue; // rego.v1, future.keywords: syntax only
      }
      String alias =
          imp.alias() != null ? imp.alias() : path.isEmpty() ? head.name() : path.getLast();
      imports.put(alias, new Global(input, List.copyOf(path)));
    }
  }

  /** A module scope for queries: no package, no imports. */
  ModuleScope(DocNode root) {
    this.module = null;
    this.metadata = new Metadata(List.of());
    this.packagePath = List.of();
    this.ruleNames = Set.of();
    this.root = root;
  }

  /**
   * {@code rego.metadata.chain} or {@code rego.metadata.rule} for {@code rule} of this module (in a
   * query, where there is no rule: an empty chain and no annotations), or null for another name.
   */
  dev.weft.policy.rego.internal.builtins.Builtin metadata(
      String name, dev.weft.policy.rego.internal.ast.Rule rule) {
    return metadata.builtin(name, rule == null ? null : module, rule);
  }

  /** The meaning of an undeclared name, or null when it is a local variable. */
  Global resolve(String name) {
    switch (name) {
      case "input" -> {
        return new Global(true, List.of());
      }
      case "data" -> {
        return new Global(false, List.of());
      }
      default -> {}
    }
    Global imported = imports.get(name);
    if (imported != null) {
      return imported;
    }
    if (ruleNames.contains(name)) {
      List<String> path = new ArrayList<>(packagePath);
      path.add(name);
      return new Global(false, List.copyOf(path));
    }
    return null;
  }

  /** The node at {@code path} under data, or null. */
  DocNode node(List<String> path) {
    DocNode node = root;
    for (String p : path) {
      node = node.child(p);
      if (node == null) {
        return null;
      }
    }
    return node;
  }
}
