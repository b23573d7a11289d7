package dev.weft.policy.rego.internal;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.parser.RegoParser.ParsedQuery;
import dev.weft.policy.rego.value.ObjectValue;
import java.util.ArrayList;
import java.util.List;

/** Compiled modules and data. Immutable and thread-safe. */
public final class CompiledModules {

  private final List<Module> modules;
  private final ObjectValue data;
  private final DocNode root;

  CompiledModules(List<Module> modules, ObjectValue data, DocNode root) {
    this.modules = modules;
    this.data = data;
    this.root = root;
  }

  /**
   * Compiles a query against these modules.
   *
   * @throws PolicyException with the compile errors of the query
   */
  public CompiledQuery prepare(ParsedQuery query) throws PolicyException {
    List<RegoError> errors = new ArrayList<>();
    BodyCompiler compiler = new BodyCompiler(new ModuleScope(root), errors);
    Scope scope = new Scope(null);
    Ir.Query q;
    try {
      q = compiler.compileQuery(query.body(), scope);
    } catch (CompileError e) {
      errors.add(e.error());
      throw new PolicyException(errors);
    }
    if (!errors.isEmpty()) {
      throw new PolicyException(errors);
    }
    TermCompiler terms = compiler.terms();
    return new CompiledQuery(
        this,
        q,
        compiler.lastOriginalOrder,
        query.texts(),
        query.body(),
        terms.frameSize(),
        terms.namedSlots(scope));
  }

  /** The modules. */
  public List<Module> modules() {
    return modules;
  }

  /** The base data. */
  public ObjectValue data() {
    return data;
  }

  DocNode root() {
    return root;
  }

  /** The full paths of every rule, sorted. */
  public List<String> rulePaths() {
    List<String> out = new ArrayList<>();
    collect(root, out);
    out.sort(null);
    return out;
  }

  private static void collect(DocNode node, List<String> out) {
    if (node.kind != DocNode.Kind.NONE) {
      out.add(node.pathString());
    }
    node.children.values().forEach(c -> collect(c, out));
  }
}
