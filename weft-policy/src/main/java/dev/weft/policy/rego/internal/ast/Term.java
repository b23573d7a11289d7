package dev.weft.policy.rego.internal.ast;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/**
 * A Rego term as written in source: a constant, a variable, a reference, a composite, a
 * comprehension or a call.
 */
public sealed interface Term {

  /** Where the term was written. */
  Location location();

  /**
   * A constant scalar: null, boolean, number or string.
   *
   * @param value the constant
   * @param location where it was written
   */
  record Scalar(Value value, Location location) implements Term {}

  /**
   * A variable. The wildcard {@code _} is parsed as a variable named {@code _}; the compiler gives
   * each wildcard a fresh name.
   *
   * @param name the variable's name
   * @param location where it was written
   */
  record Var(String name, Location location) implements Term {

    /** Whether this is the wildcard {@code _}. */
    public boolean isWildcard() {
      return name.equals("_");
    }
  }

  /**
   * A reference: a head term followed by a path, e.g. {@code input.caller[0]} is {@code
   * Ref(Var(input), [Scalar("caller"), Scalar(0)])}. Dot segments are string scalars.
   *
   * @param head the first term (a variable, or a composite/call for refs such as {@code [1,2][0]})
   * @param path the segments after the head
   * @param location where it was written
   */
  record Ref(Term head, List<Term> path, Location location) implements Term {

    /** Copies the path. */
    public Ref {
      path = List.copyOf(path);
    }
  }

  /**
   * An array literal.
   *
   * @param elements the element terms
   * @param location where it was written
   */
  record ArrayTerm(List<Term> elements, Location location) implements Term {

    /** Copies the elements. */
    public ArrayTerm {
      elements = List.copyOf(elements);
    }
  }

  /**
   * A set literal; {@code set()} is the empty set.
   *
   * @param elements the element terms
   * @param location where it was written
   */
  record SetTerm(List<Term> elements, Location location) implements Term {

    /** Copies the elements. */
    public SetTerm {
      elements = List.copyOf(elements);
    }
  }

  /**
   * An object literal.
   *
   * @param entries the key/value pairs in source order
   * @param location where it was written
   */
  record ObjectTerm(List<Entry> entries, Location location) implements Term {

    /** Copies the entries. */
    public ObjectTerm {
      entries = List.copyOf(entries);
    }
  }

  /**
   * One key/value pair of an object literal or object comprehension.
   *
   * @param key the key term
   * @param value the value term
   */
  record Entry(Term key, Term value) {}

  /**
   * {@code [head | body]}.
   *
   * @param head the term collected for each solution
   * @param body the query
   * @param location where it was written
   */
  record ArrayComprehension(Term head, Body body, Location location) implements Term {}

  /**
   * {@code {head | body}}.
   *
   * @param head the term collected for each solution
   * @param body the query
   * @param location where it was written
   */
  record SetComprehension(Term head, Body body, Location location) implements Term {}

  /**
   * {@code {key: value | body}}.
   *
   * @param key the key term
   * @param value the value term
   * @param body the query
   * @param location where it was written
   */
  record ObjectComprehension(Term key, Term value, Body body, Location location) implements Term {}

  /**
   * A call: {@code operator(args...)}. Infix operators are parsed into calls of OPA's built-in
   * names: {@code ==} is {@code equal}, {@code !=} {@code neq}, {@code <} {@code lt}, {@code <=}
   * {@code lte}, {@code >} {@code gt}, {@code >=} {@code gte}, {@code +} {@code plus}, {@code -}
   * {@code minus}, {@code *} {@code mul}, {@code /} {@code div}, {@code %} {@code rem}, {@code &}
   * {@code and}, {@code |} {@code or}, {@code =} {@code eq}, {@code :=} {@code assign}, {@code x in
   * xs} {@code internal.member_2}, {@code k, v in xs} {@code internal.member_3}.
   *
   * @param operator the function's name as a reference, e.g. {@code Ref(Var(strings),
   *     [Scalar("any_prefix_match")])} or a bare {@code Var(count)}
   * @param args the argument terms
   * @param location where it was written
   */
  record Call(Term operator, List<Term> args, Location location) implements Term {

    /** Copies the arguments. */
    public Call {
      args = List.copyOf(args);
    }
  }
}
