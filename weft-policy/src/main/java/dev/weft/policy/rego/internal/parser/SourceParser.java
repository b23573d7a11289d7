package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Expr;
import dev.weft.policy.rego.internal.ast.Import;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.ast.Rule;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Modules, queries and single terms. A module's statements (package, imports, rules, and bare
 * statements read as rules) are tried in OPA's order, then the module-level checks run.
 */
final class SourceParser extends HeaderParser {

  /** A bare statement, and the future keyword (not enabled) that follows it, if any. */
  record Statement(Body body, int nextFuture) {}

  SourceParser(Tokens t, RegoVersion version) {
    super(t, version);
  }

  Module module() throws PolicyException {
    try {
      return readModule();
    } catch (DepthExceeded e) {
      throw depthExceeded(e);
    }
  }

  RegoParser.ParsedQuery query() throws PolicyException {
    try {
      return readQuery();
    } catch (DepthExceeded e) {
      throw depthExceeded(e);
    }
  }

  private PolicyException depthExceeded(DepthExceeded e) {
    return new PolicyException(List.of(new RegoError(RegoError.PARSE, e.getMessage(), e.at, null)));
  }

  private Module readModule() throws PolicyException {
    start();
    List<Object> stmts = new ArrayList<>();
    while (cur() != Tok.EOF) {
      memo.clear(); // backtracking never goes behind the start of a statement
      State s = save();
      Package pkg = parsePackage();
      if (pkg != null) {
        stmts.add(pkg);
        continue;
      } else if (!errors.isEmpty()) {
        break;
      }
      restore(s);
      Import imp = parseImport();
      if (imp != null) {
        importKeywords(imp);
        stmts.add(imp);
        continue;
      } else if (!errors.isEmpty()) {
        break;
      }
      restore(s);
      List<RuleDraft> rules = parseRules();
      if (rules != null) {
        stmts.addAll(rules);
        continue;
      } else if (!errors.isEmpty()) {
        break;
      }
      restore(s);
      Body body = parseQuery(true, Tok.EOF);
      if (body == null) {
        break;
      }
      int next = cur() == Tok.IDENT && !forceIdent ? t.future[pos] : 0;
      stmts.add(new Statement(body, next));
    }
    if (errors.isEmpty() && cur() != Tok.EOF) {
      illegal("");
    }
    failOnErrors();
    return assemble(stmts);
  }

  private RegoParser.ParsedQuery readQuery() throws PolicyException {
    recordTexts = true;
    start();
    List<Expr> exprs = new ArrayList<>();
    while (cur() != Tok.EOF) {
      memo.clear();
      Body body = parseQuery(true, Tok.EOF);
      if (body == null) {
        break;
      }
      exprs.addAll(body.exprs());
    }
    if (errors.isEmpty() && cur() != Tok.EOF) {
      illegal("");
    }
    if (errors.isEmpty() && exprs.isEmpty()) {
      error(loc(), "empty query");
    }
    failOnErrors();
    List<String> exprTexts = new ArrayList<>(exprs.size());
    for (Expr e : exprs) {
      exprTexts.add(texts.get(e));
    }
    return new RegoParser.ParsedQuery(new Body(exprs, exprs.get(0).location()), exprTexts);
  }

  Term term() throws PolicyException {
    RegoParser.ParsedQuery query = query();
    List<Expr> exprs = query.body().exprs();
    Expr e = exprs.get(0);
    if (exprs.size() != 1) {
      error(e.location(), "expected exactly one term but got: " + String.join("; ", query.texts()));
    } else if (e.negated()
        || !e.withs().isEmpty()
        || !(e.form() instanceof Expr.TermForm(Term term))
        || term instanceof Term.Call) {
      error(e.location(), "expected term but got " + query.texts().get(0));
    } else {
      return term;
    }
    failOnErrors();
    return null;
  }

  private Module assemble(List<Object> stmts) throws PolicyException {
    if (stmts.isEmpty()) {
      error(new Location(t.file, 1, 1), "empty module");
      failOnErrors();
    }
    Package pkg = stmts.get(0) instanceof Package p ? p : null;
    if (pkg == null) {
      error(location(stmts.get(0)), "package expected");
    }
    boolean regoV1 = version == RegoVersion.V1;
    List<Import> imports = new ArrayList<>();
    List<RuleDraft> rules = new ArrayList<>();
    for (Object stmt : stmts.subList(1, stmts.size())) {
      switch (stmt) {
        case Import imp -> {
          imports.add(imp);
          regoV1 |= TermText.of(imp.path()).equals("rego.v1");
        }
        case RuleDraft rule -> rules.add(rule);
        case Statement st -> {
          RuleDraft rule = BodyRules.fromBody(st.body(), this::error);
          if (rule != null) {
            rules.add(rule);
          } else if (st.nextFuture() != 0 && version == RegoVersion.V0) {
            futureHint(st.nextFuture());
          }
        }
        case Package p -> error(p.location(), "unexpected package");
        default -> throw new IllegalStateException("statement " + stmt);
      }
    }
    for (RuleDraft rule : rules) {
      if (!(rule.ref.get(0) instanceof Term.Var)) {
        error(rule.location, "invalid rule head: " + TermText.ref(rule.ref));
      } else if (regoV1) {
        for (RuleDraft r = rule; r != null; r = r.elseRule) {
          RuleChecks.regoV1(
              r,
              version == RegoVersion.V1,
              (at, message, hint) -> {
                if (hint != null) {
                  hint(hint);
                }
                error(at, message);
              });
        }
      }
    }
    failOnErrors();
    List<Rule> ast = new ArrayList<>(rules.size());
    for (RuleDraft rule : rules) {
      ast.add(rule.toRule());
    }
    return new Module(t.file, pkg.path(), imports, ast, version, pkg.location());
  }

  /** Attaches a hint to the error just reported for a statement followed by `if`/`contains`. */
  private void futureHint(int kind) {
    RegoError last = errors.removeLast();
    String kw = Tok.name(kind);
    errors.add(
        new RegoError(
            last.code(),
            last.message(),
            last.location(),
            "in Rego v0, `"
                + kw
                + "` is a keyword only after `import future.keywords."
                + kw
                + "` or `import rego.v1`"));
  }

  private static Location location(Object stmt) {
    return switch (stmt) {
      case Import imp -> imp.location();
      case RuleDraft rule -> rule.location;
      case Statement st -> st.body().location();
      case Package p -> p.location();
      default -> Location.NONE;
    };
  }

  void failOnErrors() throws PolicyException {
    if (!errors.isEmpty()) {
      List<RegoError> sorted = new ArrayList<>(errors);
      sorted.sort(
          Comparator.comparingInt((RegoError e) -> e.location().line())
              .thenComparingInt(e -> e.location().col()));
      throw new PolicyException(sorted);
    }
  }
}
