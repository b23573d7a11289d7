package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Import;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The package clause and imports, including the effect of {@code import rego.v1} and {@code import
 * future.keywords[.kw]} on the keywords of a v0 module.
 */
abstract sealed class HeaderParser extends RuleParser permits SourceParser {

  /** A package clause. */
  record Package(List<String> path, Location location) {}

  HeaderParser(Tokens t, RegoVersion version) {
    super(t, version);
  }

  final Package parsePackage() {
    if (cur() != Tok.PACKAGE) {
      return null;
    }
    Location at = loc();
    scanWS();
    if (cur() == Tok.DOT || cur() == Tok.LBRACK) {
      return null;
    }
    if (cur() == Tok.WS) {
      scan();
    }
    if (!identOrRefKeyword()) {
      illegal("");
      return null;
    }
    Term term = parseTerm();
    List<String> path = null;
    if (term instanceof Term.Var v) {
      path = List.of(v.name());
    } else if (term instanceof Term.Ref r) {
      if (!(r.head() instanceof Term.Var head)) {
        error(
            r.head().location(),
            "unexpected " + TermText.valueName(r.head()) + " token: expecting var");
        return null;
      }
      path = new ArrayList<>();
      path.add(head.name());
      for (Term segment : r.path()) {
        if (!(segment instanceof Term.Scalar(StringValue s, var _))) {
          error(
              segment.location(),
              "unexpected " + TermText.valueName(segment) + " token: expecting string");
          return null;
        }
        path.add(s.value());
      }
    } else if (term != null) {
      illegal("");
      return null;
    }
    if (path == null) {
      if (errors.isEmpty()) {
        error(loc(), "expected path");
      }
      return null;
    }
    return new Package(path, at);
  }

  final Import parseImport() {
    if (cur() != Tok.IMPORT) {
      return null;
    }
    Location at = loc();
    scanWS();
    if (cur() == Tok.DOT || cur() == Tok.LBRACK) {
      return null;
    }
    if (cur() == Tok.WS) {
      scan();
    }
    if (!identOrRefKeyword()) {
      illegal("");
      return null;
    }
    Term term = inMode(NO_FUTURE, this::parseTerm);
    Term.Ref path = null;
    if (term instanceof Term.Var v) {
      path = new Term.Ref(v, List.of(), v.location());
    } else if (term instanceof Term.Ref r && r.head() instanceof Term.Var) {
      for (Term segment : r.path()) {
        if (!(segment instanceof Term.Scalar(StringValue _, var _))) {
          error(
              segment.location(),
              "unexpected " + TermText.valueName(segment) + " token: expecting string");
          return null;
        }
      }
      path = r;
    }
    if (path == null) {
      error(loc(), "expected path");
      return null;
    }
    String root = ((Term.Var) path.head()).name();
    if (!List.of("data", "input", "future", "rego").contains(root)) {
      hint("if this is unexpected, try updating OPA");
      error(
          path.location(),
          "unexpected import path, must begin with one of: {data, future, input, rego}, got: "
              + root);
      return null;
    }
    if (cur() == Tok.AS) {
      scan();
      if (cur() != Tok.IDENT) {
        illegal("expected var");
        return null;
      }
      if (parseTerm() instanceof Term.Var alias && !TermText.isRoot(alias)) {
        return new Import(path, alias.name(), at);
      }
      illegal("expected var");
      return null;
    }
    Term last = path.path().isEmpty() ? path.head() : path.path().getLast();
    String name = last instanceof Term.Scalar(StringValue s, var _) ? s.value() : root;
    boolean keyword = version == RegoVersion.V1 ? Tok.isV1Keyword(name) : Tok.isV0Keyword(name);
    if (keyword && (path.path().isEmpty() || !root.equals("future"))) {
      hint("import a different path or use an alias");
      error(last.location(), "unexpected import path, must not end with a keyword, got: " + name);
    }
    return new Import(path, null, at);
  }

  /** The effect of {@code import rego.v1} and {@code import future.keywords[.kw]}. */
  final void importKeywords(Import imp) {
    Term.Ref path = imp.path();
    String root = ((Term.Var) path.head()).name();
    List<Term> segments = path.path();
    if (root.equals("rego")) {
      if (segments.size() != 1 || !isString(segments.get(0), "v1")) {
        error(path.location(), "invalid import `" + TermText.of(path) + "`, must be `rego.v1`");
      } else if (version == RegoVersion.V1) {
        return;
      } else if (imp.alias() != null) {
        error(path.location(), "`rego` imports cannot be aliased");
      } else {
        enableAllFuture();
      }
    } else if (root.equals("future")) {
      if (segments.isEmpty() || !isString(segments.get(0), "keywords")) {
        error(path.location(), "invalid import, must be `future.keywords`");
      } else if (imp.alias() != null) {
        error(path.location(), "`future` imports cannot be aliased");
      } else if (segments.size() == 2) {
        int kind = Tok.keyword(((StringValue) ((Term.Scalar) segments.get(1)).value()).value());
        if (Tok.isFuture(kind)) {
          enableFuture(kind);
        } else {
          error(path.location(), "unexpected keyword, must be one of [contains every if in]");
        }
      } else {
        enableAllFuture();
      }
    }
  }

  private static boolean isString(Term t, String s) {
    return t instanceof Term.Scalar(StringValue v, var _) && v.value().equals(s);
  }
}
