package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.StringValue;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Prints syntax trees without locations, unambiguously, so tests can compare whole trees: {@code
 * ref(input, "x", y)}, {@code equal(a, 1)}, {@code internal.member_2(x, xs)}, {@code set(1, 2)},
 * {@code [h | body]}, strings quoted.
 */
final class AstText {

  private AstText() {}

  static String term(Term t) {
    return switch (t) {
      case Term.Scalar s ->
          s.value() instanceof StringValue v ? "\"" + v.value() + "\"" : s.value().toString();
      case Term.Var v -> v.name();
      case Term.Ref r -> "ref(" + term(r.head()) + ", " + join(r.path(), AstText::term) + ")";
      case Term.ArrayTerm a -> "[" + join(a.elements(), AstText::term) + "]";
      case Term.SetTerm s -> "set(" + join(s.elements(), AstText::term) + ")";
      case Term.ObjectTerm o ->
          "{" + join(o.entries(), e -> term(e.key()) + ": " + term(e.value())) + "}";
      case Term.ArrayComprehension c -> "[" + term(c.head()) + " | " + body(c.body()) + "]";
      case Term.SetComprehension c -> "set(" + term(c.head()) + " | " + body(c.body()) + ")";
      case Term.ObjectComprehension c ->
          "{" + term(c.key()) + ": " + term(c.value()) + " | " + body(c.body()) + "}";
      case Term.Call c -> operator(c.operator()) + "(" + join(c.args(), AstText::term) + ")";
    };
  }

  private static String operator(Term op) {
    if (op instanceof Term.Ref r && r.head() instanceof Term.Var v) {
      StringBuilder name = new StringBuilder(v.name());
      for (Term segment : r.path()) {
        if (!(segment instanceof Term.Scalar s && s.value() instanceof StringValue sv)) {
          return "call[" + term(op) + "]";
        }
        name.append('.').append(sv.value());
      }
      return name.toString();
    }
    return op instanceof Term.Var v ? v.name() : "call[" + term(op) + "]";
  }

  static String body(Body body) {
    return join(body.exprs(), AstText::expr, "; ");
  }

  static String expr(Expr e) {
    String form =
        switch (e.form()) {
          case Expr.TermForm f -> term(f.term());
          case Expr.SomeDecl d -> "some " + join(d.vars(), AstText::term);
          case Expr.SomeIn s ->
              "some "
                  + (s.key() == null ? "" : term(s.key()) + ", ")
                  + term(s.value())
                  + " in "
                  + term(s.collection());
          case Expr.Every v ->
              "every "
                  + (v.key() == null ? "" : term(v.key()) + ", ")
                  + term(v.value())
                  + " in "
                  + term(v.domain())
                  + " { "
                  + body(v.body())
                  + " }";
        };
    StringBuilder out = new StringBuilder(e.negated() ? "not " + form : form);
    for (Expr.With w : e.withs()) {
      out.append(" with ").append(term(w.target())).append(" as ").append(term(w.value()));
    }
    return out.toString();
  }

  /**
   * A rule: {@code default? head(args) contains key | := value | = value { body } else ...}; the
   * head segments are printed as terms (the name is a string).
   */
  static String rule(Rule r) {
    StringBuilder out = new StringBuilder();
    if (r.isDefault()) {
      out.append("default ");
    }
    out.append(join(r.head(), AstText::term, "."));
    if (r.args() != null) {
      out.append('(').append(join(r.args(), AstText::term)).append(')');
    }
    return out.append(tail(r)).toString();
  }

  private static String tail(Rule r) {
    StringBuilder out = new StringBuilder();
    if (r.key() != null) {
      out.append(" contains ").append(term(r.key()));
    }
    if (r.value() != null) {
      out.append(r.assign() ? " := " : " = ").append(term(r.value()));
    }
    out.append(" {").append(body(r.body())).append('}');
    if (r.elseRule() != null) {
      out.append(" else").append(tail(r.elseRule()));
    }
    return out.toString();
  }

  private static <T> String join(List<T> items, Function<T, String> f) {
    return join(items, f, ", ");
  }

  private static <T> String join(List<T> items, Function<T, String> f, String sep) {
    StringJoiner j = new StringJoiner(sep);
    for (T item : items) {
      j.add(f.apply(item));
    }
    return j.toString();
  }
}
