package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.internal.Ir.Local;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.internal.Ir.Query;
import dev.weft.policy.rego.internal.Ir.Step;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Compiles one rule (with its else chain) or one query: allocates a frame slot per variable,
 * resolves names, compiles terms and expressions, and orders each body for safety.
 */
final class BodyCompiler {

  private final TermCompiler terms;
  private final List<RegoError> errors;

  BodyCompiler(ModuleScope globals, List<RegoError> errors) {
    this.terms = new TermCompiler(globals, this);
    this.errors = errors;
  }

  /** Compiles a rule; returns null (with errors recorded) when it does not compile. */
  CompiledRule compileRule(Rule rule, DocNode node) {
    terms.rule = rule;
    Scope ruleScope = new Scope(null);
    Node[] params = null;
    if (rule.isFunction()) {
      for (Term arg : rule.args()) {
        ScopeScan.declarePatternVars(arg, ruleScope, -1);
      }
      terms.enter(ruleScope);
      params = new Node[rule.args().size()];
      for (int i = 0; i < params.length; i++) {
        params[i] = terms.compile(rule.args().get(i));
      }
    } else {
      terms.enter(ruleScope);
    }
    BitSet paramSlots = new BitSet();
    if (params != null) {
      for (Node p : params) {
        Safety.scan(p, true, new BitSet(), paramSlots, terms);
      }
    }
    CompiledRule compiled = compileChain(rule, node, ruleScope, params, paramSlots);
    terms.leave();
    return compiled;
  }

  private CompiledRule compileChain(
      Rule rule, DocNode node, Scope ruleScope, Node[] params, BitSet paramSlots) {
    if (rule == null) {
      return null;
    }
    CompiledRule next = compileChain(rule.elseRule(), node, ruleScope, params, paramSlots);
    Scope scope = new Scope(ruleScope);
    ScopeScan scan = new ScopeScan(errors);
    int prefix = Compiler.staticPrefixLength(rule);
    List<Term> suffixTerms = rule.head().subList(prefix, rule.head().size());
    for (Term t : suffixTerms) {
      scan.appear(t, scope);
    }
    if (rule.key() != null) {
      scan.appear(rule.key(), scope);
    }
    if (rule.value() != null) {
      scan.appear(rule.value(), scope);
    }
    scan.body(rule.body(), scope);
    terms.enter(scope);
    Query body = compileBody(rule.body(), paramSlots);
    Node[] suffix = new Node[suffixTerms.size()];
    for (int i = 0; i < suffix.length; i++) {
      suffix[i] = terms.compile(suffixTerms.get(i));
    }
    Node key = rule.key() == null ? null : terms.compile(rule.key());
    Node value = rule.value() == null ? null : terms.compile(rule.value());
    BitSet bound = Safety.boundAfter(body, paramSlots, terms);
    BitSet needed = new BitSet();
    for (Node n : suffix) {
      Safety.scan(n, false, needed, new BitSet(), terms);
    }
    if (key != null) {
      Safety.scan(key, false, needed, new BitSet(), terms);
    }
    if (value != null) {
      Safety.scan(value, false, needed, new BitSet(), terms);
    }
    needed.andNot(bound);
    if (needed.isEmpty() && params == null && isTestRule(rule, prefix) && suffix.length > 0) {
      body = withTestCase(body, suffix, paramSlots, rule.location());
    }
    terms.leave();
    if (!needed.isEmpty()) {
      throw unsafe(needed, rule.location());
    }
    return new CompiledRule(
        node, terms.frameSize(), params, key, suffix, value, body, next, rule.location());
  }

  /** Whether the rule's head names a test ({@code test_...}) among its leading constants. */
  private static boolean isTestRule(Rule rule, int prefix) {
    for (int i = 0; i < prefix; i++) {
      Term t = rule.head().get(i);
      if (t instanceof Term.Scalar s
          && s.value() instanceof dev.weft.policy.rego.value.StringValue name
          && name.value().startsWith("test_")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The body of a parameterized test rule with a {@link Ir.TestCase} step inserted right after the
   * first steps that bind the head's key variables, so that a case whose later steps fail is still
   * reported (as OPA's test runner does).
   */
  private Query withTestCase(Query body, Node[] keys, BitSet paramSlots, Location location) {
    BitSet needed = new BitSet();
    for (Node n : keys) {
      Safety.scan(n, false, needed, new BitSet(), terms);
    }
    Step[] steps = body.steps();
    int at = 0;
    BitSet bound = (BitSet) paramSlots.clone();
    while (!containsAll(bound, needed) && at < steps.length) {
      Safety.scan(steps[at], new BitSet(), bound, terms);
      at++;
    }
    Step[] out = new Step[steps.length + 1];
    System.arraycopy(steps, 0, out, 0, at);
    out[at] = new Ir.TestCase(keys, new Ir.With[0], location);
    System.arraycopy(steps, at, out, at + 1, steps.length - at);
    return new Query(out);
  }

  private static boolean containsAll(BitSet set, BitSet subset) {
    BitSet missing = (BitSet) subset.clone();
    missing.andNot(set);
    return missing.isEmpty();
  }

  /** Compiles a query; the caller reads the frame size and named slots from {@link #terms()}. */
  Query compileQuery(Body body, Scope scope) {
    new ScopeScan(errors).body(body, scope);
    terms.enter(scope);
    Query q = compileBody(body, new BitSet());
    terms.leave();
    return q;
  }

  TermCompiler terms() {
    return terms;
  }

  /**
   * Compiles the expressions of a body in the current scope and orders them so that every variable
   * is bound before it is read.
   */
  Query compileBody(Body body, BitSet initiallyBound) {
    List<Step> steps = new ArrayList<>();
    List<Step> original = new ArrayList<>();
    Scope scope = terms.current();
    for (int i = 0; i < body.exprs().size(); i++) {
      scope.position = i;
      Step s = new ExprCompiler(terms).compile(body.exprs().get(i));
      original.add(s);
      if (s != null) {
        steps.add(s);
      }
    }
    scope.position = Integer.MAX_VALUE;
    lastOriginalOrder = original;
    return Safety.order(steps, initiallyBound, terms, this);
  }

  /** The steps of the last body compiled, in source order (null for declarations). */
  List<Step> lastOriginalOrder = List.of();

  /**
   * Compiles a nested body (comprehension or every) in {@code scope}, already scanned, inside the
   * current one. Variables of outer scopes count as bound: the nested body runs after them.
   */
  Query compileNested(Body body, Scope scope, List<Local> declared) {
    terms.enter(scope);
    BitSet bound = terms.slotsOutside(scope);
    for (Local l : declared) {
      bound.set(l.slot());
    }
    Query q = compileBody(body, bound);
    terms.leave();
    return q;
  }

  ScopeScan scan() {
    return new ScopeScan(errors);
  }

  CompileError unsafe(BitSet slots, Location location) {
    StringBuilder names = new StringBuilder();
    for (int i = slots.nextSetBit(0); i >= 0; i = slots.nextSetBit(i + 1)) {
      String name = terms.slotName(i);
      if (names.isEmpty()) {
        names.append(name);
      } else {
        errors.add(
            new RegoError(RegoError.UNSAFE_VAR, "var " + name + " is unsafe", location, null));
      }
    }
    return new CompileError(
        new RegoError(
            RegoError.UNSAFE_VAR,
            "var " + names + " is unsafe",
            location,
            "bind the variable in the body (with :=, =, some ... in, or a reference) before it is"
                + " used"));
  }
}
