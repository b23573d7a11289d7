package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.ArrayList;
import java.util.List;

/** Rules: heads, bodies, {@code else} chains, further bodies and {@code default} rules. */
abstract sealed class RuleParser extends BodyParser permits HeaderParser {

  RuleParser(Tokens t, RegoVersion version) {
    super(t, version);
  }

  /** The rules of one statement (several for {@code p { a } { b }}), or null if it is none. */
  final List<RuleDraft> parseRules() {
    Location at = loc();
    scanAheadRef();
    boolean isDefault = false;
    if (cur() == Tok.DEFAULT) {
      scan();
      isDefault = true;
      scanAheadRef();
    }
    if (cur() != Tok.IDENT) {
      return null;
    }
    RuleDraft rule = new RuleDraft(at);
    rule.isDefault = isDefault;
    Boolean usesContains = parseHead(rule, isDefault);
    if (usesContains == null) {
      return null;
    }
    rule.hasContains = usesContains;
    if (isDefault) {
      boolean valid = RuleChecks.defaultValue(rule, this::error);
      return valid && (!rule.isFunction() || RuleChecks.defaultArgs(rule, this::error))
          ? List.of(rule)
          : null;
    }
    boolean hasIf = cur() == Tok.IF;
    if (hasIf && !usesContains && rule.ref.size() == 2) {
      Term v = rule.ref.get(1);
      if ((!RuleChecks.isGround(v) || RuleChecks.isRef(v)) && !rule.isFunction()) {
        rule.key = v;
      }
      if (rule.value == null) {
        rule.generatedValue = true;
        rule.value = RuleDraft.trueAt(rule.headLocation);
      } else if (!(rule.ref.get(0) instanceof Term.Var)) {
        return null;
      } else {
        rule.named = true;
      }
    }
    if (!hasIf && !usesContains && !rule.isFunction() && rule.ref.size() == 2) {
      if (!(rule.ref.get(0) instanceof Term.Var)) {
        return null;
      }
      rule.key = rule.ref.get(1);
      rule.named = true;
      if (rule.value == null) {
        rule.ref = List.of(rule.ref.get(0));
      }
    }
    if (hasIf) {
      rule.hasIf = true;
      scan();
      State s = save();
      Expr expr = parseLiteral();
      // a set literal is never false, so `p if { x }` is a body, not a set
      if (expr != null && !(expr.form() instanceof Expr.TermForm(Term.SetTerm _))) {
        rule.body = new Body(List.of(expr), expr.location());
      } else {
        restore(s);
        if (!braceBody(rule)) {
          return null;
        }
      }
    } else if (cur() == Tok.LBRACE) {
      if (!braceBody(rule)) {
        return null;
      }
    } else if (usesContains) {
      rule.generatedBody = true;
      return List.of(rule);
    } else {
      return null;
    }
    if (cur() == Tok.ELSE && !scanAheadRef()) {
      if (rule.ref.size() > 1 && !RuleChecks.isGround(rule.ref.subList(1, rule.ref.size()))) {
        error(loc(), "else keyword cannot be used on rules with variables in head");
        return null;
      }
      if (rule.key != null) {
        error(loc(), "else keyword cannot be used on multi-value rules");
        return null;
      }
      rule.elseRule = parseElse(rule);
      if (rule.elseRule == null) {
        return null;
      }
    }
    List<RuleDraft> rules = new ArrayList<>();
    rules.add(rule);
    while (cur() == Tok.LBRACE) {
      if (rule.elseRule != null) {
        error(loc(), "expected else keyword");
        return null;
      }
      RuleDraft next = rule.copyHead(loc());
      next.hasIf = rule.hasIf;
      next.hasContains = rule.hasContains;
      if (!braceBody(next)) {
        return null;
      }
      rules.add(next);
    }
    return rules;
  }

  /** Steps over the current token (normally {@code {}) and parses a body up to {@code }}. */
  private boolean braceBody(RuleDraft rule) {
    scan();
    rule.body = parseBody(Tok.RBRACE);
    if (rule.body == null) {
      return false;
    }
    scan();
    return true;
  }

  /** Fills the head of {@code rule}; true if it used {@code contains}, null if it is no head. */
  private Boolean parseHead(RuleDraft rule, boolean isDefault) {
    rule.headLocation = loc();
    Term ref = parseHeadFinish(parseVar());
    if (ref == null) {
      illegal("expected rule head name");
      return null;
    }
    switch (ref) {
      case Term.Var v -> rule.ref = List.of(v);
      case Term.Ref r -> rule.ref = concat(r.head(), r.path());
      case Term.Call c -> {
        switch (c.operator()) {
          case Term.Var v -> rule.ref = List.of(v);
          case Term.Ref r -> {
            if (!(r.head() instanceof Term.Var)) {
              illegal("rule head ref " + TermText.of(r) + " invalid");
              return null;
            }
            rule.ref = concat(r.head(), r.path());
          }
          default -> {
            return null;
          }
        }
        rule.args = c.args();
      }
      default -> {
        return null;
      }
    }
    String name = TermText.ref(rule.ref);
    switch (cur()) {
      case Tok.CONTAINS -> {
        if (rule.args != null) {
          illegal(
              "the contains keyword can only be used with multi-value rule definitions (e.g., "
                  + name
                  + " contains <VALUE> { ... })");
        }
        scan();
        rule.key = parseTermInfixCall();
        if (rule.key == null) {
          illegal("expected rule key term (e.g., " + name + " contains <VALUE> { ... })");
        }
        return true;
      }
      case Tok.UNIFY -> {
        scan();
        rule.value = parseTermInfixCall();
        if (rule.value == null) {
          // OPA prints the (absent) key here as <nil>
          illegal("expected rule value term (e.g., " + name + "[<nil>] = <VALUE> { ... })");
        }
      }
      case Tok.ASSIGN -> {
        scan();
        rule.assign = true;
        rule.value = parseTermInfixCall();
        if (rule.value == null) {
          if (rule.isFunction()) {
            illegal("expected function value term (e.g., " + name + "(...) := <VALUE> { ... })");
          } else if (isDefault) {
            illegal("expected default rule value term (e.g., default " + name + " := <VALUE>)");
          } else {
            illegal("expected rule value term (e.g., " + name + " := <VALUE> { ... })");
          }
        }
      }
      default -> {}
    }
    if (rule.value == null && rule.key == null && (rule.ref.size() != 2 || rule.isFunction())) {
      rule.generatedValue = true;
      rule.value = RuleDraft.trueAt(rule.headLocation);
    }
    return false;
  }

  private Term parseHeadFinish(Term head) {
    scanWS();
    switch (cur()) {
      case Tok.ADD, Tok.SUB, Tok.MUL, Tok.QUO, Tok.REM, Tok.AND, Tok.OR:
      case Tok.EQUAL, Tok.NEQ, Tok.GT, Tok.GTE, Tok.LT, Tok.LTE:
        illegal("");
        break;
      case Tok.WS:
        scan();
        break;
      default:
        break;
    }
    int k = cur();
    return k == Tok.LPAREN || k == Tok.DOT || k == Tok.LBRACK ? parseRef(head) : head;
  }

  /** The {@code else} chain after a rule's body, built without recursion. */
  private RuleDraft parseElse(RuleDraft parent) {
    RuleDraft first = null;
    RuleDraft last = null;
    int chain = 0;
    try {
      while (true) {
        RuleDraft r = parent.copyHead(loc());
        r.generatedValue = false;
        r.headLocation = r.location;
        scan();
        switch (cur()) {
          case Tok.LBRACE, Tok.IF -> {
            r.generatedValue = true;
            r.value = RuleDraft.trueAt(r.location);
          }
          case Tok.ASSIGN, Tok.UNIFY -> {
            r.assign = cur() == Tok.ASSIGN;
            scan();
            r.value = parseTermInfixCall();
            if (r.value == null) {
              return null;
            }
          }
          default -> {
            illegal("expected else value term or rule body");
            return null;
          }
        }
        if (first == null) {
          first = r;
        } else {
          last.elseRule = r;
        }
        last = r;
        boolean hasIf = cur() == Tok.IF;
        if (!hasIf && cur() != Tok.LBRACE) {
          r.generatedBody = true;
          return first;
        }
        if (hasIf) {
          r.hasIf = true;
          scan();
        }
        if (cur() == Tok.LBRACE) {
          if (!braceBody(r)) {
            return null;
          }
        } else if (cur() != Tok.EOF) {
          Expr expr = parseLiteral();
          if (expr == null) {
            return null;
          }
          r.body = new Body(List.of(expr), expr.location());
        } else {
          illegal("rule body expected");
          return null;
        }
        if (cur() != Tok.ELSE) {
          return first;
        }
        enter();
        chain++;
      }
    } finally {
      depth -= chain;
    }
  }

  private static List<Term> concat(Term head, List<Term> path) {
    List<Term> all = new ArrayList<>(path.size() + 1);
    all.add(head);
    all.addAll(path);
    return all;
  }
}
