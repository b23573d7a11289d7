package dev.weft.policy.rego.internal;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles parsed modules and base data: builds the document tree, resolves every name, orders each
 * body for safety, and checks what OPA's compiler checks (unsafe variables, unknown functions,
 * arity, conflicting rule kinds, recursion).
 */
public final class Compiler {

  private final List<RegoError> errors = new ArrayList<>();
  private final DocNode root = new DocNode(new String[0]);
  private final Map<List<String>, Set<String>> ruleNamesByPackage = new HashMap<>();

  private Compiler() {}

  /**
   * Compiles modules and data.
   *
   * @throws PolicyException with every compile error
   */
  public static CompiledModules compile(List<Module> modules, ObjectValue data)
      throws PolicyException {
    return new Compiler().run(modules, data);
  }

  private CompiledModules run(List<Module> modules, ObjectValue data) throws PolicyException {
    for (Module m : modules) {
      Set<String> names = ruleNamesByPackage.computeIfAbsent(m.packagePath(), k -> new HashSet<>());
      for (Rule r : m.rules()) {
        names.add(r.name());
        declare(m, r);
      }
    }
    failIfErrors();
    Metadata metadata = new Metadata(modules);
    for (Module m : modules) {
      ModuleScope scope =
          new ModuleScope(m, ruleNamesByPackage.get(m.packagePath()), root, metadata);
      for (Rule r : m.rules()) {
        DocNode node = nodeFor(m, r);
        try {
          CompiledRule compiled = new BodyCompiler(scope, errors).compileRule(r, node);
          if (compiled == null) {
            continue;
          }
          if (r.isDefault()) {
            node.defaultRule = compiled;
          } else {
            node.rules.add(compiled);
          }
        } catch (CompileError e) {
          errors.add(e.error());
        }
      }
    }
    failIfErrors();
    new RecursionCheck(errors).check(root);
    failIfErrors();
    return new CompiledModules(List.copyOf(modules), data, root);
  }

  private void failIfErrors() throws PolicyException {
    if (!errors.isEmpty()) {
      throw new PolicyException(errors);
    }
  }

  /** The node of a rule: package path plus the head's leading constant string segments. */
  static int staticPrefixLength(Rule r) {
    int n = 0;
    for (Term t : r.head()) {
      if (t instanceof Term.Scalar s && s.value() instanceof StringValue) {
        n++;
      } else {
        break;
      }
    }
    return n;
  }

  private DocNode nodeFor(Module m, Rule r) {
    DocNode node = root;
    for (String p : m.packagePath()) {
      node = node.childOrCreate(p);
    }
    int prefix = staticPrefixLength(r);
    for (int i = 0; i < prefix; i++) {
      node = node.childOrCreate(((StringValue) ((Term.Scalar) r.head().get(i)).value()).value());
    }
    return node;
  }

  private void declare(Module m, Rule r) {
    DocNode node = nodeFor(m, r);
    DocNode.Kind kind;
    if (r.isFunction()) {
      kind = DocNode.Kind.FUNCTION;
    } else if (staticPrefixLength(r) < r.head().size()) {
      kind = DocNode.Kind.OBJECT;
    } else if (r.isPartialSet()) {
      kind = DocNode.Kind.SET;
    } else {
      kind = DocNode.Kind.COMPLETE;
    }
    if (r.isDefault()) {
      if (node.defaultRule != null || hasDefaultMarker(node)) {
        errors.add(
            new RegoError(
                RegoError.TYPE,
                "multiple default rules " + node.pathString() + " found",
                r.location(),
                null));
        return;
      }
      defaults.add(node);
    }
    if (node.kind != DocNode.Kind.NONE && node.kind != kind) {
      errors.add(
          new RegoError(
              RegoError.TYPE,
              "conflicting rules " + node.pathString() + " found",
              r.location(),
              "a document is either a complete rule, a partial set, an object or a function"));
      return;
    }
    if (kind == DocNode.Kind.FUNCTION) {
      int arity = r.args().size();
      if (node.arity >= 0 && node.arity != arity) {
        errors.add(
            new RegoError(
                RegoError.TYPE,
                "conflicting rules " + node.pathString() + " found",
                r.location(),
                "every definition of a function takes the same number of arguments"));
        return;
      }
      node.arity = arity;
    }
    node.kind = kind;
  }

  private final Set<DocNode> defaults = new HashSet<>();

  private boolean hasDefaultMarker(DocNode node) {
    return defaults.contains(node);
  }
}
