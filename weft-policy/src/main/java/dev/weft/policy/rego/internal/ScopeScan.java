package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first pass over a scope: which names it declares and which merely appear in it (nested
 * comprehension and every bodies are scopes of their own and are not entered).
 */
final class ScopeScan {

  private final List<RegoError> errors;
  private final Set<String> assigned = new HashSet<>();

  ScopeScan(List<RegoError> errors) {
    this.errors = errors;
  }

  void body(Body body, Scope scope) {
    for (int i = 0; i < body.exprs().size(); i++) {
      index = i;
      expr(body.exprs().get(i), scope);
    }
    index = -1;
  }

  private int index = -1;

  private void expr(Expr e, Scope scope) {
    switch (e.form()) {
      case Expr.TermForm(Term.Call c) when isOperator(c, "assign") && c.args().size() == 2 -> {
        assign(c.args().get(0), scope);
        appear(c.args().get(1), scope);
      }
      case Expr.TermForm(Term t) -> appear(t, scope);
      case Expr.SomeDecl(List<Term.Var> vars) -> {
        for (Term.Var v : vars) {
          scope.declare(v.name(), index);
        }
      }
      case Expr.SomeIn(Term key, Term value, Term collection) -> {
        if (key != null) {
          declarePatternVars(key, scope, index);
        }
        declarePatternVars(value, scope, index);
        appear(collection, scope);
      }
      case Expr.Every(Term key, Term value, Term domain, Body body) -> appear(domain, scope);
    }
    for (Expr.With w : e.withs()) {
      appear(w.value(), scope);
    }
  }

  private void assign(Term lhs, Scope scope) {
    if (lhs instanceof Term.Var v && !v.isWildcard()) {
      if (!assigned.add(v.name())) {
        errors.add(
            new RegoError(
                RegoError.COMPILE, "var " + v.name() + " assigned above", v.location(), null));
      }
      scope.declare(v.name(), index);
      return;
    }
    declarePatternVars(lhs, scope, index);
  }

  static boolean isOperator(Term.Call c, String name) {
    return c.operator() instanceof Term.Var v && v.name().equals(name);
  }

  /** Declares the variables of a pattern (a variable, or arrays/objects of patterns). */
  static void declarePatternVars(Term t, Scope scope, int index) {
    switch (t) {
      case Term.Var v when !v.isWildcard() -> scope.declare(v.name(), index);
      case Term.ArrayTerm a -> a.elements().forEach(e -> declarePatternVars(e, scope, index));
      case Term.ObjectTerm o ->
          o.entries().forEach(e -> declarePatternVars(e.value(), scope, index));
      default -> {}
    }
  }

  /** Records every name appearing in {@code t}, outside nested scopes. */
  void appear(Term t, Scope scope) {
    switch (t) {
      case Term.Var v -> {
        if (!v.isWildcard()) {
          scope.appearing.add(v.name());
        }
      }
      case Term.Ref r -> {
        appear(r.head(), scope);
        r.path().forEach(p -> appear(p, scope));
      }
      case Term.ArrayTerm a -> a.elements().forEach(e -> appear(e, scope));
      case Term.SetTerm s -> s.elements().forEach(e -> appear(e, scope));
      case Term.ObjectTerm o ->
          o.entries()
              .forEach(
                  e -> {
                    appear(e.key(), scope);
                    appear(e.value(), scope);
                  });
      case Term.Call c -> c.args().forEach(a -> appear(a, scope));
      case Term.Scalar s -> {}
      case Term.ArrayComprehension c -> {}
      case Term.SetComprehension c -> {}
      case Term.ObjectComprehension c -> {}
    }
  }
}
