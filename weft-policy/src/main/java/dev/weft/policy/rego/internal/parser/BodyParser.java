package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Queries and their expressions: {@code not}, {@code some}, {@code every}, {@code with}. */
abstract sealed class BodyParser extends CompositeParser permits RuleParser {

  /** The source text of each expression, when the caller wants it (queries). */
  final Map<Expr, String> texts = new IdentityHashMap<>();

  boolean recordTexts;

  BodyParser(Tokens t, RegoVersion version) {
    super(t, version);
  }

  @Override
  final Body parseBody(int end) {
    return parseQuery(false, end);
  }

  /**
   * Expressions separated by {@code ;} or newlines up to {@code end}; with {@code requireSemi},
   * only {@code ;} continues the query (a statement of a module).
   */
  final Body parseQuery(boolean requireSemi, int end) {
    if (cur() == end) {
      error(loc(), "found empty body");
      return null;
    }
    List<Expr> exprs = new ArrayList<>();
    while (true) {
      Expr expr = parseLiteral();
      if (expr == null) {
        return null;
      }
      exprs.add(expr);
      if (cur() == Tok.SEMICOLON) {
        scan();
        continue;
      }
      if (cur() == end || requireSemi) {
        return new Body(exprs, exprs.get(0).location());
      }
      if (!skippedNL) {
        if (errors.isEmpty()) {
          illegal("expected \\n or ; or " + Tok.name(end));
        }
        return null;
      }
    }
  }

  final Expr parseLiteral() {
    int start = offset();
    Location at = loc();
    Expr expr = literal(at);
    if (expr != null && recordTexts) {
      texts.put(expr, t.src.substring(start, Math.max(start, lastEnd)));
    }
    return expr;
  }

  private Expr literal(Location at) {
    if (scanAheadRef()) {
      return parseLiteralExpr(false, at);
    }
    boolean negated = false;
    if (cur() == Tok.NOT) {
      int next = peekWs();
      if (next != Tok.DOT && next != Tok.LBRACK) {
        scan();
        negated = true;
      }
    }
    switch (cur()) {
      case Tok.SOME:
        if (negated) {
          illegal("illegal negation of 'some'");
          return null;
        }
        return parseSome(at);
      case Tok.EVERY:
        if (negated) {
          illegal("illegal negation of 'every'");
          return null;
        }
        return parseEvery(at);
      default:
        return parseLiteralExpr(negated, at);
    }
  }

  private Expr parseLiteralExpr(boolean negated, Location at) {
    State s = save();
    Expr.Form form = parseExpr();
    if (form == null) {
      return null;
    }
    List<Expr.With> withs = List.of();
    if (cur() == Tok.WITH) {
      withs = parseWith();
      if (withs == null) {
        return null;
      }
    }
    if (version == RegoVersion.V0
        && form instanceof Expr.TermForm(Term.Var v)
        && v.name().equals("every")) {
      // OPA: hint at the import when this would have parsed as `every x in xs { ... }`
      boolean every = lookBack(s, () -> inMode(ALL_FUTURE, () -> parseEvery(at) != null));
      if (every) {
        hint("`import future.keywords.every` for `every x in xs { ... }` expressions");
      }
    }
    return new Expr(form, negated, withs, at);
  }

  private Expr.Form parseExpr() {
    Term lhs = parseTermInfixCall();
    if (lhs == null) {
      return null;
    }
    int k = cur();
    if (k == Tok.ASSIGN || k == Tok.UNIFY) {
      Location at = loc();
      scan();
      Term rhs = parseTermInfixCall();
      if (rhs == null) {
        return null;
      }
      Term op = new Term.Var(Tok.name(k), at);
      return new Expr.TermForm(new Term.Call(op, List.of(lhs, rhs), lhs.location()));
    }
    return new Expr.TermForm(lhs);
  }

  private List<Expr.With> parseWith() {
    List<Expr.With> withs = new ArrayList<>();
    while (true) {
      Location at = loc();
      scan();
      if (cur() != Tok.IDENT) {
        illegal("expected ident");
        return null;
      }
      Term target = parseTerm();
      if (target == null) {
        return null;
      }
      if (!(target instanceof Term.Ref) && !(target instanceof Term.Var)) {
        illegal("expected with target path");
      }
      if (cur() != Tok.AS) {
        illegal("expected as keyword");
        return null;
      }
      scan();
      Term value = parseTermInfixCall();
      if (value == null) {
        return null;
      }
      withs.add(new Expr.With(target, value, at));
      if (cur() != Tok.WITH) {
        return withs;
      }
    }
  }

  private Expr parseSome(Location at) {
    State s = save();
    scan();
    Term term = parseTermInfixCall();
    if (term instanceof Term.Call call) {
      String name = TermText.operatorName(call.operator());
      List<Term> args = call.args();
      Expr.Form form;
      if (MEMBER_2.equals(name) || MEMBER_3.equals(name)) {
        int arity = MEMBER_2.equals(name) ? 2 : 3;
        if (args.size() != arity) {
          illegal("illegal domain");
          return null;
        }
        form =
            arity == 2
                ? new Expr.SomeIn(null, args.get(0), args.get(1))
                : new Expr.SomeIn(args.get(0), args.get(1), args.get(2));
      } else {
        illegal("expected `x in xs` or `x, y in xs` expression");
        return null;
      }
      return withModifiers(form, at);
    }
    restore(s);
    if (version == RegoVersion.V0) {
      State before = save();
      scan();
      boolean member =
          inMode(
              ALL_FUTURE,
              () ->
                  parseTermInfixCall() instanceof Term.Call c
                      && (MEMBER_2.equals(TermText.operatorName(c.operator()))
                          || MEMBER_3.equals(TermText.operatorName(c.operator()))));
      restore(before);
      if (member) {
        hint("`import future.keywords.in` for `some x in xs` expressions");
      }
    }
    List<Term.Var> vars = new ArrayList<>();
    while (true) {
      scan();
      if (cur() != Tok.IDENT) {
        illegal("expected var");
        return null;
      }
      vars.add(parseVar());
      scan();
      if (cur() != Tok.COMMA) {
        return new Expr(new Expr.SomeDecl(vars), false, List.of(), at);
      }
    }
  }

  private Expr parseEvery(Location at) {
    scan();
    Term term = parseTermInfixCall();
    if (term == null) {
      return null;
    }
    String name = term instanceof Term.Call c ? TermText.operatorName(c.operator()) : null;
    if (!MEMBER_2.equals(name) && !MEMBER_3.equals(name)) {
      illegal("expected `x[, y] in xs { ... }` expression");
      return null;
    }
    List<Term> args = ((Term.Call) term).args();
    Term key = null;
    Term value;
    Term domain;
    if (MEMBER_2.equals(name)) {
      if (args.size() != 2) {
        illegal("illegal domain");
        return null;
      }
      value = args.get(0);
      domain = args.get(1);
    } else {
      if (args.size() != 3) {
        illegal("illegal domain");
        return null;
      }
      key = args.get(0);
      value = args.get(1);
      domain = args.get(2);
      if (!TermText.isVar(key)) {
        illegal("expected key to be a variable");
        return null;
      }
    }
    if (!TermText.isVar(value)) {
      illegal("expected value to be a variable");
      return null;
    }
    if (cur() != Tok.LBRACE) {
      illegal("missing body");
      return null;
    }
    scan();
    enter();
    Body body;
    try {
      body = parseBody(Tok.RBRACE);
    } finally {
      exit();
    }
    if (body == null) {
      return null;
    }
    scan();
    return withModifiers(new Expr.Every(key, value, domain, body), at);
  }

  private Expr withModifiers(Expr.Form form, Location at) {
    List<Expr.With> withs = List.of();
    if (cur() == Tok.WITH) {
      withs = parseWith();
      if (withs == null) {
        return null;
      }
    }
    return new Expr(form, false, withs, at);
  }
}
