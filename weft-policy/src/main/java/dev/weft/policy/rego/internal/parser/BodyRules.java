package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.internal.builtins.Builtins;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Rules written as a bare statement, as OPA reads them: {@code p := 1}, {@code p.q.r = 2}, {@code
 * f(x) := y}, {@code p[x]} (a set element), {@code a.b.c} (true), {@code f(x)} (true).
 */
final class BodyRules {

  /** The built-in names infix operators call (OPA's built-in map holds them too). */
  private static final Set<String> OPERATORS =
      Set.of(
          "equal",
          "neq",
          "lt",
          "lte",
          "gt",
          "gte",
          "plus",
          "minus",
          "mul",
          "div",
          "rem",
          "and",
          "or",
          InfixParser.MEMBER_2,
          InfixParser.MEMBER_3);

  private BodyRules() {}

  /** The rule a statement defines, or null after reporting why it defines none. */
  static RuleDraft fromBody(Body body, BiConsumer<Location, String> errors) {
    Location at = body.exprs().get(0).location();
    String problem = null;
    RuleDraft rule = null;
    Expr e = body.exprs().get(0);
    if (body.exprs().size() != 1) {
      problem = "multiple expressions cannot be used for rule head";
    } else if (!e.withs().isEmpty()) {
      problem = "expressions using with keyword cannot be used for rule head";
    } else if (e.negated()) {
      problem = "negated expressions cannot be used for rule head";
    } else {
      switch (e.form()) {
        case Expr.SomeDecl _, Expr.SomeIn _ ->
            problem = "'some' declarations cannot be used for rule head";
        case Expr.Every _ -> problem = "expression cannot be used for rule head";
        case Expr.TermForm(Term.Call call) -> {
          rule = fromCall(call, at);
          problem = rule == null ? callProblem(call) : null;
        }
        case Expr.TermForm(Term term) -> {
          rule = fromTerm(term, at);
          problem = rule == null ? termProblem(term) : null;
        }
      }
    }
    if (problem != null) {
      errors.accept(at, problem);
      return null;
    }
    rule.generatedBody = true;
    return rule;
  }

  private static RuleDraft fromTerm(Term t, Location at) {
    if (!RuleChecks.isRef(t)) {
      return null;
    }
    Term head = t instanceof Term.Ref r ? r.head() : t;
    List<Term> path = t instanceof Term.Ref r ? r.path() : List.of();
    if (!(head instanceof Term.Var) || path.isEmpty()) {
      return null;
    }
    RuleDraft rule = draft(at);
    if (path.size() > 1) {
      rule.ref = concat(head, path);
      rule.value = RuleDraft.trueAt(at);
      rule.generatedValue = true;
    } else {
      rule.ref = List.of(head);
      rule.key = path.get(0);
    }
    return rule;
  }

  private static String termProblem(Term t) {
    if (!RuleChecks.isRef(t)) {
      return TermText.valueName(t) + " cannot be used for rule name";
    }
    if (t instanceof Term.Var) {
      return "refs cannot be used for rule head";
    }
    return "invalid rule head: " + TermText.of(t);
  }

  private static RuleDraft fromCall(Term.Call call, Location at) {
    String name = TermText.operatorName(call.operator());
    List<Term> args = call.args();
    if ("eq".equals(name) || "assign".equals(name)) {
      if (args.size() < 2) {
        return null;
      }
      RuleDraft rule = fromEquality(args.get(0), args.get(1), at);
      if (rule != null) {
        rule.assign = name.equals("assign");
      }
      return rule;
    }
    List<Term> ref = operatorRef(call.operator());
    if (isBuiltin(name) || args.isEmpty() || ref == null) {
      return null;
    }
    RuleDraft rule = draft(at);
    rule.ref = ref;
    rule.args = args;
    rule.value = RuleDraft.trueAt(at);
    rule.generatedValue = true;
    return rule;
  }

  private static String callProblem(Term.Call call) {
    String name = TermText.operatorName(call.operator());
    List<Term> args = call.args();
    if ("eq".equals(name) || "assign".equals(name)) {
      if (args.size() < 2) {
        return "assignment requires two operands";
      }
      Term lhs = args.get(0);
      if (RuleChecks.isRef(lhs)) {
        return "invalid rule head: " + TermText.of(lhs);
      }
      return TermText.valueName(lhs) + " cannot be used for rule name";
    }
    if (isBuiltin(name)) {
      return "rule name conflicts with built-in function";
    }
    if (args.isEmpty()) {
      return "rule argument list must take at least one argument";
    }
    return "invalid rule head: " + TermText.of(call.operator());
  }

  private static RuleDraft fromEquality(Term lhs, Term rhs, Location at) {
    RuleDraft rule = draft(at);
    rule.value = rhs;
    if (lhs instanceof Term.Call c) {
      rule.ref = operatorRef(c.operator());
      rule.args = c.args();
      return rule.ref == null ? null : rule;
    }
    if (lhs instanceof Term.Var v) {
      rule.ref = List.of(v);
      return rule;
    }
    if (lhs instanceof Term.Ref r && r.head() instanceof Term.Var) {
      rule.ref = concat(r.head(), r.path());
      return rule;
    }
    return null;
  }

  private static List<Term> operatorRef(Term op) {
    if (op instanceof Term.Var v) {
      return List.of(v);
    }
    if (op instanceof Term.Ref r && r.head() instanceof Term.Var) {
      return concat(r.head(), r.path());
    }
    return null;
  }

  private static boolean isBuiltin(String name) {
    return name != null && (OPERATORS.contains(name) || Builtins.lookup(name) != null);
  }

  private static RuleDraft draft(Location at) {
    RuleDraft rule = new RuleDraft(at);
    rule.headLocation = at;
    return rule;
  }

  private static List<Term> concat(Term head, List<Term> path) {
    List<Term> all = new ArrayList<>(path.size() + 1);
    all.add(head);
    all.addAll(path);
    return all;
  }
}
