package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;
import java.util.StringJoiner;

/** Terms as OPA's error messages name and print them. */
final class TermText {

  private TermText() {}

  /** Whether a variable is one of the root documents, which OPA parses as references. */
  static boolean isRoot(Term.Var v) {
    return v.name().equals("input") || v.name().equals("data");
  }

  /** Whether a term is a variable in OPA's sense (a root document is a reference). */
  static boolean isVar(Term t) {
    return t instanceof Term.Var v && !isRoot(v);
  }

  /** A called function's name ({@code count}, {@code internal.member_2}), or null. */
  static String operatorName(Term operator) {
    if (operator instanceof Term.Var v) {
      return v.name();
    }
    if (operator instanceof Term.Ref r && r.head() instanceof Term.Var v) {
      StringBuilder name = new StringBuilder(v.name());
      for (Term segment : r.path()) {
        if (!(segment instanceof Term.Scalar(StringValue s, var _))) {
          return null;
        }
        name.append('.').append(s.value());
      }
      return name.toString();
    }
    return null;
  }

  /** OPA's {@code ValueName}: {@code var}, {@code ref}, {@code number}, {@code object}, ... */
  static String valueName(Term t) {
    return switch (t) {
      case Term.Scalar s -> scalarName(s.value());
      case Term.Var v -> isRoot(v) ? "ref" : "var";
      case Term.Ref _ -> "ref";
      case Term.ArrayTerm _ -> "array";
      case Term.ObjectTerm _ -> "object";
      case Term.SetTerm _ -> "set";
      case Term.ArrayComprehension _ -> "arraycomprehension";
      case Term.SetComprehension _ -> "setcomprehension";
      case Term.ObjectComprehension _ -> "objectcomprehension";
      case Term.Call _ -> "call";
    };
  }

  private static String scalarName(Value v) {
    return switch (v) {
      case StringValue _ -> "string";
      case BooleanValue _ -> "boolean";
      case NumberValue _ -> "number";
      case NullValue _ -> "null";
      default -> v.typeName();
    };
  }

  /** A reference given as head and path, printed the way OPA prints refs. */
  static String ref(List<Term> terms) {
    StringBuilder out = new StringBuilder(of(terms.get(0)));
    for (Term segment : terms.subList(1, terms.size())) {
      appendSegment(out, segment);
    }
    return out.toString();
  }

  /** A term printed in Rego syntax, for error messages. */
  static String of(Term t) {
    return switch (t) {
      case Term.Scalar s -> s.value().toString(); // a string quoted as JSON, by ValueFormat
      case Term.Var v -> v.name();
      case Term.Ref r -> {
        StringBuilder out = new StringBuilder(of(r.head()));
        r.path().forEach(segment -> appendSegment(out, segment));
        yield out.toString();
      }
      case Term.ArrayTerm a -> join("[", a.elements(), "]");
      case Term.SetTerm s -> s.elements().isEmpty() ? "set()" : join("{", s.elements(), "}");
      case Term.ObjectTerm o -> {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        o.entries().forEach(e -> j.add(of(e.key()) + ": " + of(e.value())));
        yield j.toString();
      }
      case Term.ArrayComprehension c -> "[" + of(c.head()) + " | " + body(c.body()) + "]";
      case Term.SetComprehension c -> "{" + of(c.head()) + " | " + body(c.body()) + "}";
      case Term.ObjectComprehension c ->
          "{" + of(c.key()) + ": " + of(c.value()) + " | " + body(c.body()) + "}";
      case Term.Call c -> of(c.operator()) + join("(", c.args(), ")");
    };
  }

  private static void appendSegment(StringBuilder out, Term segment) {
    if (segment instanceof Term.Scalar(StringValue s, var _) && isName(s.value())) {
      out.append('.').append(s.value());
    } else {
      out.append('[').append(of(segment)).append(']');
    }
  }

  private static boolean isName(String s) {
    if (s.isEmpty() || Tok.isV1Keyword(s)) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private static String join(String open, List<Term> terms, String close) {
    StringJoiner j = new StringJoiner(", ", open, close);
    terms.forEach(term -> j.add(of(term)));
    return j.toString();
  }

  private static String body(Body body) {
    StringJoiner j = new StringJoiner("; ");
    for (Expr e : body.exprs()) {
      j.add(expr(e));
    }
    return j.toString();
  }

  private static String expr(Expr e) {
    String form =
        switch (e.form()) {
          case Expr.TermForm f -> of(f.term());
          case Expr.SomeDecl d -> "some " + join("", List.<Term>copyOf(d.vars()), "");
          case Expr.SomeIn s ->
              "some "
                  + (s.key() == null ? "" : of(s.key()) + ", ")
                  + of(s.value())
                  + " in "
                  + of(s.collection());
          case Expr.Every v ->
              "every "
                  + (v.key() == null ? "" : of(v.key()) + ", ")
                  + of(v.value())
                  + " in "
                  + of(v.domain())
                  + " { "
                  + body(v.body())
                  + " }";
        };
    return e.negated() ? "not " + form : form;
  }
}
