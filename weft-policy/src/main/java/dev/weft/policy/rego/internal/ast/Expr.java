package dev.weft.policy.rego.internal.ast;

import dev.weft.policy.rego.Location;
import java.util.List;

/**
 * One expression of a body.
 *
 * @param form what the expression does
 * @param negated whether it is prefixed by {@code not}
 * @param withs the {@code with} modifiers, in source order
 * @param location where the expression starts
 */
public record Expr(Form form, boolean negated, List<Expr.With> withs, Location location) {

  /** Copies the modifiers. */
  public Expr {
    withs = List.copyOf(withs);
  }

  /** The forms an expression takes. */
  public sealed interface Form {}

  /**
   * A term on its own (often a {@link Term.Call}, including {@code =}, {@code :=} and infix
   * operators).
   *
   * @param term the term
   */
  public record TermForm(Term term) implements Form {}

  /**
   * {@code some x, y}: declares local variables.
   *
   * @param vars the declared variables
   */
  public record SomeDecl(List<Term.Var> vars) implements Form {

    /** Copies the variables. */
    public SomeDecl {
      vars = List.copyOf(vars);
    }
  }

  /**
   * {@code some value in collection} or {@code some key, value in collection}.
   *
   * @param key the key term, or null when only a value is named
   * @param value the value term
   * @param collection the collection iterated
   */
  public record SomeIn(Term key, Term value, Term collection) implements Form {}

  /**
   * {@code every value in domain { body }} or {@code every key, value in domain { body }}.
   *
   * @param key the key variable, or null
   * @param value the value variable
   * @param domain the collection
   * @param body the query that must hold for every element
   */
  public record Every(Term key, Term value, Term domain, Body body) implements Form {}

  /**
   * {@code with target as value}.
   *
   * @param target {@code input...}, {@code data...} or a function reference
   * @param value the replacement
   * @param location where the modifier starts
   */
  public record With(Term target, Term value, Location location) {}
}
