package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.internal.Ir.Step;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.ArrayList;
import java.util.List;

/** Compiles one expression of a body into a {@link Step}. */
final class ExprCompiler {

  private final TermCompiler terms;

  ExprCompiler(TermCompiler terms) {
    this.terms = terms;
  }

  /** The step, or null for a declaration ({@code some x}) that only affects scoping. */
  Step compile(Expr e) {
    if (e.form() instanceof Expr.SomeDecl) {
      if (e.negated()) {
        throw terms.error(RegoError.COMPILE, "some declarations cannot be negated", e.location());
      }
      return null;
    }
    Ir.With[] withs = withs(e.withs());
    Step step = form(e.form(), e.location(), e.negated() ? new Ir.With[0] : withs);
    return e.negated() ? new Ir.Not(step, withs, e.location()) : step;
  }

  private Step form(Expr.Form form, Location loc, Ir.With[] withs) {
    return switch (form) {
      case Expr.TermForm(Term.Call c) -> call(c, loc, withs);
      case Expr.TermForm(Term t) -> new Ir.Test(terms.compile(t), withs, loc);
      case Expr.SomeIn(Term key, Term value, Term collection) ->
          new Ir.SomeIn(
              key == null ? null : terms.compile(key),
              terms.compile(value),
              terms.compile(collection),
              withs,
              loc);
      case Expr.Every(
              Term key,
              Term value,
              Term domain,
              dev.weft.policy.rego.internal.ast.Body body) ->
          every(key, value, domain, body, loc, withs);
      case Expr.SomeDecl d -> throw new IllegalStateException("declarations have no step");
    };
  }

  private Step call(Term.Call c, Location loc, Ir.With[] withs) {
    String op = TermCompiler.operatorName(c.operator());
    if ("eq".equals(op) || "assign".equals(op)) {
      Node left = terms.compile(c.args().get(0));
      Node right = terms.compile(c.args().get(1));
      return new Ir.Unify(left, right, op.equals("assign"), withs, loc);
    }
    if ("print".equals(op)) {
      Node[] args = new Node[c.args().size()];
      for (int i = 0; i < args.length; i++) {
        args[i] = terms.compile(c.args().get(i));
      }
      return new Ir.Print(args, withs, loc);
    }
    Ir.Callee callee = terms.callee(c.operator(), loc);
    if (callee.arity() >= 0 && c.args().size() == callee.arity() + 1) {
      Ir.Call call = terms.call(c, callee.arity());
      Node out = terms.compile(c.args().getLast());
      return new Ir.Unify(out, call, true, withs, loc);
    }
    return new Ir.Test(terms.call(c, c.args().size()), withs, loc);
  }

  private Step every(
      Term key,
      Term value,
      Term domain,
      dev.weft.policy.rego.internal.ast.Body body,
      Location loc,
      Ir.With[] withs) {
    Node dom = terms.compile(domain);
    Scope scope = new Scope(terms.current());
    if (key instanceof Term.Var k && !k.isWildcard()) {
      scope.declare(k.name(), -1);
    }
    if (value instanceof Term.Var v && !v.isWildcard()) {
      scope.declare(v.name(), -1);
    }
    new ScopeScan(new ArrayList<>()).body(body, scope);
    terms.enter(scope);
    Ir.Local k = key == null ? null : local(key);
    Ir.Local v = local(value);
    terms.leave();
    List<Ir.Local> declared = new ArrayList<>();
    if (k != null) {
      declared.add(k);
    }
    declared.add(v);
    Ir.Query q = bodyCompiler().compileNested(body, scope, declared);
    Ir.Every every = new Ir.Every(k, v, dom, q, withs, loc);
    java.util.BitSet free = Safety.slotsUsed(q, terms);
    free.and(terms.slotsOutside(scope));
    terms.freeSlots.put(every, free);
    return every;
  }

  private BodyCompiler bodyCompiler() {
    return terms.bodies();
  }

  private Ir.Local local(Term t) {
    if (t instanceof Term.Var v) {
      return v.isWildcard() ? terms.wildcard() : terms.declare(v.name());
    }
    throw terms.error(
        RegoError.PARSE, "unexpected term in every: expected a variable", t.location());
  }

  private Ir.With[] withs(List<Expr.With> withs) {
    Ir.With[] out = new Ir.With[withs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = with(withs.get(i));
    }
    return out;
  }

  private Ir.With with(Expr.With w) {
    Term target = w.target();
    String name = TermCompiler.operatorName(target);
    if (name == null) {
      throw terms.error(
          RegoError.TYPE,
          "with keyword target must reference existing input, data, or a function",
          w.location());
    }
    String[] parts = name.split("\\.", -1);
    if (parts[0].equals("input") || parts[0].equals("data")) {
      String[] path = java.util.Arrays.copyOfRange(parts, 1, parts.length);
      DocNode node = parts[0].equals("data") ? terms.globalNode(List.of(path)) : null;
      if (node == null || node.kind != DocNode.Kind.FUNCTION) {
        Node value = terms.compile(w.value());
        return parts[0].equals("data")
            ? new Ir.WithData(path, value)
            : new Ir.WithInput(path, value);
      }
    }
    checkReplaceable(name, w.location());
    Ir.Callee callee;
    try {
      callee = terms.callee(target, w.location());
    } catch (CompileError notAFunction) {
      throw terms.error(
          RegoError.TYPE,
          "with keyword target must reference existing input, data, or a function",
          w.location());
    }
    Ir.Callee replacement = replacement(w);
    Node value = replacement == null ? terms.compile(w.value()) : null;
    return new Ir.WithFunction(callee, replacement, value);
  }

  /** The built-ins OPA refuses to replace with {@code with}, with its messages. */
  private void checkReplaceable(String name, Location loc) {
    String why =
        switch (name) {
          case "eq", "rego.metadata.chain", "rego.metadata.rule" ->
              "replacement of \"" + name + "\" invalid";
          case "walk" -> "target must not be a relation";
          case "print" -> "target must not be a void function";
          default ->
              name.startsWith("internal.")
                  ? "replacement of internal function \"" + name + "\" invalid"
                  : null;
        };
    if (why != null) {
      throw terms.error(RegoError.COMPILE, "with keyword replacing built-in function: " + why, loc);
    }
  }

  private Ir.Callee replacement(Expr.With w) {
    String name = TermCompiler.operatorName(w.value());
    if (name == null) {
      return null;
    }
    try {
      return terms.callee(w.value(), w.location());
    } catch (CompileError notAFunction) {
      return null;
    }
  }
}
