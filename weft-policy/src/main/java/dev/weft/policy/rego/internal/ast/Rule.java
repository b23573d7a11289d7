package dev.weft.policy.rego.internal.ast;

import dev.weft.policy.rego.Location;
import java.util.List;

/**
 * A rule of a module.
 *
 * <p>The head is a reference relative to the package: {@code allow} is {@code [Scalar("allow")]},
 * {@code p[x]} is {@code [Scalar("p"), Var(x)]}, {@code a.b.c} is {@code [Scalar("a"), Scalar("b"),
 * Scalar("c")]}. The kinds:
 *
 * <ul>
 *   <li>function: {@code args} is not null ({@code f(x) := y if ...});
 *   <li>partial set: {@code key} is not null ({@code p contains x if ...}, or {@code p[x] {...}} in
 *       v0), {@code value} is null;
 *   <li>otherwise a complete rule ({@code allow if ...}) or, when the head ref has non-constant
 *       segments, a partial object / general ref-head rule ({@code p[k] := v if ...}).
 * </ul>
 *
 * @param head the head reference relative to the package; its first element is a string scalar
 * @param args the function's parameters, or null for a non-function rule
 * @param key the element of a partial set rule, or null
 * @param value the value term; {@code true} when the source gives none; null for partial sets
 * @param assign whether the head used {@code :=} (rather than {@code =} or nothing)
 * @param isDefault whether this is a {@code default} rule
 * @param body the body; an empty body (always true) when the source gives none
 * @param elseRule the next {@code else} of the chain, or null; it shares the head ref and args
 * @param location where the rule starts
 * @param opaHead what OPA's JSON syntax tree says of the head beyond the above
 */
public record Rule(
    List<Term> head,
    List<Term> args,
    Term key,
    Term value,
    boolean assign,
    boolean isDefault,
    Body body,
    Rule elseRule,
    Location location,
    OpaHead opaHead) {

  /**
   * The parts of OPA's rule head that only its JSON syntax tree ({@code rego.parse_module}) shows.
   *
   * @param name OPA's {@code Head.Name}: the rule's name where OPA's parser sets it (a one-segment
   *     head, {@code p[x] := v if ...}, v0's {@code p[x]}), else empty
   * @param key OPA's {@code Head.Key}: the element of a partial set, and also the last segment of a
   *     single-value rule such as {@code p[x] if ...}; null when OPA has none
   */
  public record OpaHead(String name, Term key) {}

  /** A rule whose OPA head is derived: named when its head has one segment, its key as given. */
  public Rule(
      List<Term> head,
      List<Term> args,
      Term key,
      Term value,
      boolean assign,
      boolean isDefault,
      Body body,
      Rule elseRule,
      Location location) {
    this(
        head,
        args,
        key,
        value,
        assign,
        isDefault,
        body,
        elseRule,
        location,
        new OpaHead(head.size() == 1 ? nameOf(head) : "", key));
  }

  /** Copies the lists. */
  public Rule {
    head = List.copyOf(head);
    args = args == null ? null : List.copyOf(args);
  }

  /** Whether this rule defines a function. */
  public boolean isFunction() {
    return args != null;
  }

  /** Whether this rule defines a partial set. */
  public boolean isPartialSet() {
    return key != null;
  }

  /** The rule's name: the first segment of its head. */
  public String name() {
    return nameOf(head);
  }

  private static String nameOf(List<Term> head) {
    return ((dev.weft.policy.rego.value.StringValue) ((Term.Scalar) head.get(0)).value()).value();
  }
}
