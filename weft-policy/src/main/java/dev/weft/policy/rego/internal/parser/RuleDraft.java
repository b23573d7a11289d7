package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule as the parser sees it, in OPA's head model (reference, key, value, and which keywords and
 * parts the source gave), before it becomes an AST {@link Rule}.
 */
final class RuleDraft {

  /** The head reference; its first element is a variable in every valid rule. */
  List<Term> ref;

  /** The arguments of a function, or null. */
  List<Term> args;

  Term key;
  Term value;
  boolean assign;
  boolean generatedValue;
  boolean hasIf;
  boolean hasContains;
  boolean isDefault;

  /** Whether OPA's parser names the head ({@code Head.Name}) though it has two segments. */
  boolean named;

  Body body;
  boolean generatedBody;
  RuleDraft elseRule;
  Location location;
  Location headLocation;

  RuleDraft(Location location) {
    this.location = location;
  }

  /** A copy of the head for a further body or an {@code else}, without its keywords. */
  RuleDraft copyHead(Location at) {
    RuleDraft copy = new RuleDraft(at);
    copy.ref = ref;
    copy.args = args;
    copy.key = key;
    copy.value = value;
    copy.assign = assign;
    copy.generatedValue = generatedValue;
    copy.named = named;
    copy.headLocation = headLocation;
    return copy;
  }

  /** OPA's test for a function: at least one argument. */
  boolean isFunction() {
    return args != null && !args.isEmpty();
  }

  /** A rule for a set element: a key and no value. */
  boolean isMultiValue() {
    return key != null && value == null;
  }

  String name() {
    return ref.get(0) instanceof Term.Var v ? v.name() : TermText.of(ref.get(0));
  }

  static Term trueAt(Location at) {
    return new Term.Scalar(BooleanValue.TRUE, at);
  }

  /** The AST rule, with its else chain (built without recursion). */
  Rule toRule() {
    List<RuleDraft> chain = new ArrayList<>();
    for (RuleDraft r = this; r != null; r = r.elseRule) {
      chain.add(r);
    }
    Rule next = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      next = chain.get(i).single(next);
    }
    return next;
  }

  private Rule single(Rule elseRule) {
    List<Term> head = new ArrayList<>(ref);
    Term.Var name = (Term.Var) ref.get(0);
    head.set(0, new Term.Scalar(StringValue.of(name.name()), name.location()));
    boolean multi = isMultiValue();
    Term v = multi ? null : value == null ? trueAt(headLocation) : value;
    Body b = generatedBody || body == null ? new Body(List.of(), location) : body;
    Rule.OpaHead opa = new Rule.OpaHead(ref.size() == 1 || named ? name.name() : "", key);
    return new Rule(
        head, args, multi ? key : null, v, assign, isDefault, b, elseRule, location, opa);
  }
}
