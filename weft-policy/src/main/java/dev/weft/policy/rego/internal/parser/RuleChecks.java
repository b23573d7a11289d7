package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** OPA's parse-time checks of rules: {@code default} rules and the Rego v1 requirements. */
final class RuleChecks {

  private RuleChecks() {}

  /** A default rule's value must be a constant (comprehensions aside). */
  static boolean defaultValue(RuleDraft rule, BiConsumer<Location, String> errors) {
    if (rule.value == null) {
      errors.accept(rule.location, "illegal default rule (must have a value)");
      return false;
    }
    return constant(rule.value, rule.location, errors);
  }

  private static boolean constant(Term t, Location at, BiConsumer<Location, String> errors) {
    String bad =
        switch (t) {
          case Term.Ref _ -> "ref";
          case Term.Var v -> TermText.isRoot(v) ? "ref" : "var";
          case Term.Call _ -> "call";
          default -> null;
        };
    if (bad != null) {
      errors.accept(at, "illegal default rule (value cannot contain " + bad + ")");
      return false;
    }
    boolean valid = true;
    switch (t) {
      case Term.ArrayTerm a -> {
        for (Term e : a.elements()) {
          valid &= constant(e, at, errors);
        }
      }
      case Term.SetTerm s -> {
        for (Term e : s.elements()) {
          valid &= constant(e, at, errors);
        }
      }
      case Term.ObjectTerm o -> {
        for (Term.Entry e : o.entries()) {
          valid &= constant(e.key(), at, errors);
          valid &= constant(e.value(), at, errors);
        }
      }
      default -> {}
    }
    return valid;
  }

  /** A default function's arguments must be distinct variables. */
  static boolean defaultArgs(RuleDraft rule, BiConsumer<Location, String> errors) {
    Set<String> seen = new HashSet<>();
    boolean valid = true;
    for (Term arg : rule.args) {
      if (!TermText.isVar(arg)) {
        errors.accept(
            rule.location,
            "illegal default rule (arguments cannot contain " + TermText.valueName(arg) + ")");
        valid = false;
      } else if (!((Term.Var) arg).isWildcard() && !seen.add(((Term.Var) arg).name())) {
        errors.accept(
            rule.location,
            "illegal default rule (arguments cannot be repeated " + ((Term.Var) arg).name() + ")");
        valid = false;
      }
    }
    return valid;
  }

  /** Receives an error with an optional hint. */
  @FunctionalInterface
  interface HintedErrors {
    void accept(Location at, String message, String hint);
  }

  /**
   * What Rego v1 (and a v0 module importing {@code rego.v1}) requires of each rule. With {@code
   * v1Mode}, the hints say that a v0 policy can be parsed as v0 instead.
   */
  static void regoV1(RuleDraft rule, boolean v1Mode, HintedErrors errors) {
    String kind = rule.isFunction() ? "function" : "rule";
    String asV0 = v1Mode ? "; to load a Rego v0 policy unchanged, parse it as v0" : "";
    if (rule.ref.size() < 2 && Tok.isV1Keyword(rule.name())) {
      errors.accept(rule.location, rule.name() + " keyword cannot be used for rule name", null);
    }
    if (rule.generatedBody && rule.generatedValue) {
      errors.accept(
          rule.location, kind + " must have value assignment and/or body declaration", null);
    }
    if (!rule.generatedBody && !rule.hasIf && !rule.isDefault) {
      errors.accept(
          rule.location,
          "`if` keyword is required before " + kind + " body",
          "Rego v1 writes `if` before every rule body, e.g. `allow if { ... }`" + asV0);
    }
    if (rule.isMultiValue() && !rule.hasContains) {
      errors.accept(
          rule.location,
          "`contains` keyword is required for partial set rules",
          "Rego v1 writes partial set rules as `p contains x if { ... }`" + asV0);
    }
  }

  /** Whether a term is a reference in OPA's sense (root documents included). */
  static boolean isRef(Term t) {
    return t instanceof Term.Ref || (t instanceof Term.Var v && TermText.isRoot(v));
  }

  static boolean isGround(List<Term> terms) {
    for (Term t : terms) {
      if (!isGround(t)) {
        return false;
      }
    }
    return true;
  }

  /**
   * OPA's groundness: no variables, where a reference's head and a call's function do not count.
   */
  static boolean isGround(Term t) {
    return switch (t) {
      case Term.Scalar _ -> true;
      case Term.Var v -> TermText.isRoot(v);
      case Term.Ref r -> isGround(r.path());
      case Term.ArrayTerm a -> isGround(a.elements());
      case Term.SetTerm s -> isGround(s.elements());
      case Term.ObjectTerm o ->
          o.entries().stream().allMatch(e -> isGround(e.key()) && isGround(e.value()));
      case Term.Call c -> isGround(c.args());
      case Term.ArrayComprehension c -> isGround(c.head()) && isGround(c.body());
      case Term.SetComprehension c -> isGround(c.head()) && isGround(c.body());
      case Term.ObjectComprehension c ->
          isGround(c.key()) && isGround(c.value()) && isGround(c.body());
    };
  }

  private static boolean isGround(Body body) {
    for (Expr e : body.exprs()) {
      if (e.form() instanceof Expr.TermForm f && !isGround(f.term())) {
        return false;
      }
    }
    return true;
  }
}
