package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.internal.builtins.Builtin;
import dev.weft.policy.rego.internal.builtins.Builtins;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Compiles terms: variables to slots, names to input/data references, calls to callees. */
final class TermCompiler {

  private final ModuleScope globals;

  /** The rule being compiled, for {@code rego.metadata.*}; null in a query. */
  dev.weft.policy.rego.internal.ast.Rule rule;

  private final BodyCompiler bodies;
  private final Deque<Scope> scopes = new ArrayDeque<>();
  private final List<String> slotNames = new ArrayList<>();
  private final List<Scope> slotOwners = new ArrayList<>();
  private final List<Boolean> slotGenerated = new ArrayList<>();

  /** The slots of outer scopes each comprehension reads: inputs of the step that holds it. */
  final Map<Object, BitSet> freeSlots = new IdentityHashMap<>();

  TermCompiler(ModuleScope globals, BodyCompiler bodies) {
    this.globals = globals;
    this.bodies = bodies;
  }

  BodyCompiler bodies() {
    return bodies;
  }

  /** The document node at {@code path} under data, or null. */
  DocNode globalNode(List<String> path) {
    return globals.node(path);
  }

  void enter(Scope scope) {
    scopes.push(scope);
  }

  void leave() {
    scopes.pop();
  }

  Scope current() {
    return scopes.peek();
  }

  int frameSize() {
    return slotNames.size();
  }

  String slotName(int slot) {
    return slotNames.get(slot);
  }

  boolean generated(int slot) {
    return slotGenerated.get(slot);
  }

  /** The slots owned by scopes that are not {@code scope} and not nested in it. */
  BitSet slotsOutside(Scope scope) {
    BitSet out = new BitSet();
    for (int i = 0; i < slotOwners.size(); i++) {
      if (!slotOwners.get(i).within(scope)) {
        out.set(i);
      }
    }
    return out;
  }

  /** The named (non-generated) slots of {@code scope} itself, in allocation order. */
  List<Ir.Local> namedSlots(Scope scope) {
    List<Ir.Local> out = new ArrayList<>();
    for (int i = 0; i < slotOwners.size(); i++) {
      if (slotOwners.get(i) == scope && !slotGenerated.get(i)) {
        out.add(new Ir.Local(i, slotNames.get(i), false));
      }
    }
    return out;
  }

  private Ir.Local slot(Scope scope, String name) {
    Integer slot = scope.slots.get(name);
    if (slot == null) {
      slot = allocate(scope, name, false);
      scope.slots.put(name, slot);
    }
    return new Ir.Local(slot, name, false);
  }

  private int allocate(Scope scope, String name, boolean generated) {
    slotNames.add(name);
    slotOwners.add(scope);
    slotGenerated.add(generated);
    return slotNames.size() - 1;
  }

  /** A fresh slot for a wildcard. */
  Ir.Local wildcard() {
    return new Ir.Local(allocate(current(), "_", true), "_", true);
  }

  /** A local variable for {@code name}, declared in the current scope (every's key/value). */
  Ir.Local declare(String name) {
    return slot(current(), name);
  }

  /** What a variable name means here: a slot, or a global (input/data path). */
  Object resolve(String name) {
    for (Scope s = current(); s != null; s = s.parent) {
      if (s.declares(name)) {
        return slot(s, name);
      }
    }
    ModuleScope.Global g = globals.resolve(name);
    if (g != null) {
      return g;
    }
    Scope owner = null;
    for (Scope s = current(); s != null; s = s.parent) {
      // A name declared later in an outer scope (x := ... after this point) is not that scope's
      // variable here: it is still free to be a local of this scope.
      boolean declaredLater = s != current() && s.declared.containsKey(name);
      if (s.appearing.contains(name) && !declaredLater) {
        owner = s;
      }
    }
    return slot(owner == null ? current() : owner, name);
  }

  Node compile(Term t) {
    return switch (t) {
      case Term.Scalar s -> new Ir.Const(s.value());
      case Term.Var v -> var(v);
      case Term.Ref r -> ref(r);
      case Term.ArrayTerm a -> array(a.elements());
      case Term.SetTerm s -> set(s.elements());
      case Term.ObjectTerm o -> object(o);
      case Term.Call c -> call(c, c.args().size());
      case Term.ArrayComprehension c -> comprehension(c.body(), List.of(c.head()), c, 0);
      case Term.SetComprehension c -> comprehension(c.body(), List.of(c.head()), c, 1);
      case Term.ObjectComprehension c -> comprehension(c.body(), List.of(c.key(), c.value()), c, 2);
    };
  }

  private Node var(Term.Var v) {
    if (v.isWildcard()) {
      return wildcard();
    }
    Object r = resolve(v.name());
    if (r instanceof ModuleScope.Global g) {
      return global(g, List.of(), v.location());
    }
    return (Ir.Local) r;
  }

  private Node global(ModuleScope.Global g, List<Node> rest, Location loc) {
    if (g.input()) {
      List<Node> path = new ArrayList<>();
      for (String p : g.path()) {
        path.add(new Ir.Const(StringValue.of(p)));
      }
      path.addAll(rest);
      return path.isEmpty()
          ? new Ir.InputRoot()
          : new Ir.Ref(new Ir.InputRoot(), path.toArray(Node[]::new));
    }
    List<String> constPath = new ArrayList<>(g.path());
    int i = 0;
    while (i < rest.size()
        && rest.get(i) instanceof Ir.Const c
        && c.value() instanceof StringValue s) {
      constPath.add(s.value());
      i++;
    }
    return new Ir.DataRef(
        constPath.toArray(String[]::new), rest.subList(i, rest.size()).toArray(Node[]::new), loc);
  }

  private Node ref(Term.Ref r) {
    List<Node> path = new ArrayList<>();
    for (Term seg : r.path()) {
      path.add(compile(seg));
    }
    if (r.head() instanceof Term.Var v && !v.isWildcard()) {
      Object resolved = resolve(v.name());
      if (resolved instanceof ModuleScope.Global g) {
        return global(g, path, r.location());
      }
      return new Ir.Ref((Ir.Local) resolved, path.toArray(Node[]::new));
    }
    return new Ir.Ref(compile(r.head()), path.toArray(Node[]::new));
  }

  private Node array(List<Term> elements) {
    Node[] nodes = new Node[elements.size()];
    boolean constant = true;
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = compile(elements.get(i));
      constant &= nodes[i] instanceof Ir.Const;
    }
    if (!constant) {
      return new Ir.Arr(nodes);
    }
    Value[] values = new Value[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      values[i] = ((Ir.Const) nodes[i]).value();
    }
    return new Ir.Const(ArrayValue.wrap(values));
  }

  private Node set(List<Term> elements) {
    Node[] nodes = new Node[elements.size()];
    boolean constant = true;
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = compile(elements.get(i));
      constant &= nodes[i] instanceof Ir.Const;
    }
    if (!constant) {
      return new Ir.SetLit(nodes);
    }
    LinkedHashSet<Value> values = new LinkedHashSet<>();
    for (Node n : nodes) {
      values.add(((Ir.Const) n).value());
    }
    return new Ir.Const(SetValue.wrap(values));
  }

  private Node object(Term.ObjectTerm o) {
    int n = o.entries().size();
    Node[] keys = new Node[n];
    Node[] values = new Node[n];
    boolean constant = true;
    for (int i = 0; i < n; i++) {
      keys[i] = compile(o.entries().get(i).key());
      values[i] = compile(o.entries().get(i).value());
      constant &= keys[i] instanceof Ir.Const && values[i] instanceof Ir.Const;
    }
    if (!constant) {
      return new Ir.Obj(keys, values);
    }
    ObjectValue.Builder b = ObjectValue.builder();
    for (int i = 0; i < n; i++) {
      b.put(((Ir.Const) keys[i]).value(), ((Ir.Const) values[i]).value());
    }
    return new Ir.Const(b.build());
  }

  private Node comprehension(
      dev.weft.policy.rego.internal.ast.Body body, List<Term> heads, Term t, int kind) {
    Scope scope = new Scope(current());
    ScopeScan scan = bodies.scan();
    heads.forEach(h -> scan.appear(h, scope));
    scan.body(body, scope);
    Ir.Query q = bodies.compileNested(body, scope, List.of());
    enter(scope);
    Node[] h = new Node[heads.size()];
    for (int i = 0; i < h.length; i++) {
      h[i] = compile(heads.get(i));
    }
    leave();
    BitSet bound = Safety.boundAfter(q, slotsOutside(scope), this);
    BitSet needed = new BitSet();
    for (Node n : h) {
      Safety.scan(n, false, needed, new BitSet(), this);
    }
    needed.andNot(bound);
    if (!needed.isEmpty()) {
      throw bodies.unsafe(needed, t.location());
    }
    Node result =
        switch (kind) {
          case 0 -> new Ir.ArrCompr(h[0], q);
          case 1 -> new Ir.SetCompr(h[0], q);
          default -> new Ir.ObjCompr(h[0], h[1], q, t.location());
        };
    BitSet free = Safety.slotsUsed(q, this);
    for (Node n : h) {
      Safety.scan(n, false, free, free, this);
    }
    free.and(slotsOutside(scope));
    freeSlots.put(result, free);
    return result;
  }

  /** The dotted name of a call's operator, e.g. {@code strings.any_prefix_match}. */
  static String operatorName(Term op) {
    return switch (op) {
      case Term.Var v -> v.name();
      case Term.Ref r when r.head() instanceof Term.Var v -> {
        StringBuilder name = new StringBuilder(v.name());
        for (Term p : r.path()) {
          if (!(p instanceof Term.Scalar s && s.value() instanceof StringValue str)) {
            yield null;
          }
          name.append('.').append(str.value());
        }
        yield name.toString();
      }
      default -> null;
    };
  }

  /** Resolves a function name: a user function under data, or a built-in. */
  Ir.Callee callee(Term op, Location loc) {
    String name = operatorName(op);
    if (name == null) {
      throw error(RegoError.TYPE, "invalid function reference " + op, loc);
    }
    String[] parts = name.split("\\.", -1);
    List<String> rest = List.of(parts).subList(1, parts.length);
    if (parts[0].equals("data")) {
      DocNode fn = globals.node(rest);
      if (fn == null || fn.kind != DocNode.Kind.FUNCTION) {
        throw error(RegoError.TYPE, "undefined function " + name, loc);
      }
      return new Ir.FunctionCallee(fn, fn.arity);
    }
    boolean declared = false;
    for (Scope s = current(); s != null; s = s.parent) {
      declared |= s.declares(parts[0]);
    }
    ModuleScope.Global g = declared ? null : globals.resolve(parts[0]);
    if (g != null && !g.input()) {
      List<String> path = new ArrayList<>(g.path());
      path.addAll(rest);
      DocNode fn = globals.node(path);
      if (fn != null && fn.kind == DocNode.Kind.FUNCTION) {
        return new Ir.FunctionCallee(fn, fn.arity);
      }
    }
    Builtin b = globals.metadata(name, rule);
    if (b == null) {
      b = Builtins.lookup(name);
    }
    if (b == null) {
      throw error(RegoError.TYPE, "undefined function " + name, loc);
    }
    return new Ir.BuiltinCallee(b);
  }

  /**
   * A call term with {@code argCount} operands (the rest of the arguments, if any, are outputs).
   */
  Ir.Call call(Term.Call c, int argCount) {
    Ir.Callee callee = callee(c.operator(), c.location());
    if (callee.arity() >= 0 && argCount != callee.arity()) {
      throw error(
          RegoError.TYPE,
          callee.name() + ": arity mismatch",
          c.location(),
          "have "
              + argCount
              + " argument"
              + (argCount == 1 ? "" : "s")
              + ", want "
              + callee.arity());
    }
    Node[] args = new Node[argCount];
    for (int i = 0; i < argCount; i++) {
      args[i] = compile(c.args().get(i));
    }
    return new Ir.Call(callee, args, c.location());
  }

  CompileError error(String code, String message, Location loc) {
    return new CompileError(new RegoError(code, message, loc, null));
  }

  CompileError error(String code, String message, Location loc, String hint) {
    return new CompileError(new RegoError(code, message, loc, hint));
  }
}
