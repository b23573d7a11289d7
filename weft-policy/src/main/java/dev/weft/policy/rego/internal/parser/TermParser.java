package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Single terms: scalars, variables, references and calls, parenthesized terms; composites and infix
 * operators come from the subclasses.
 */
abstract sealed class TermParser extends Cursor permits InfixParser {

  private static final int MEMO_MIN_TOKENS = 4;

  TermParser(Tokens t, RegoVersion version) {
    super(t, version);
  }

  /** A term with infix operators, where {@code k, v in xs} is allowed. */
  abstract Term parseTermInfixCall();

  /** A term with infix operators inside a list, where a comma ends the term. */
  abstract Term parseTermInfixCallInList();

  abstract Term parseArray();

  abstract Term parseSetOrObject();

  abstract Body parseBody(int end);

  /** One term, with any reference or call suffix; remembered by position for backtracking. */
  final Term parseTerm() {
    enter();
    try {
      Long key = memoKey();
      if (key != null) {
        Memo m = memo.get(key);
        if (m != null && m.hintsBefore().equals(hints)) {
          State after = m.after();
          pos = after.pos();
          onWs = after.onWs();
          forceIdent = after.forceIdent();
          lastEnd = after.lastEnd();
          skippedNL = after.skippedNL();
          errors.addAll(m.added());
          hints = after.hints();
          return m.term();
        }
      }
      List<String> hintsBefore = hints;
      int errorsBefore = errors.size();
      int from = pos;
      Term term = parseTermFinish(parseTermHead());
      // short terms are cheap to parse again; remembering only longer ones keeps the memo small
      if (key != null && pos - from > MEMO_MIN_TOKENS) {
        memo.put(
            key,
            new Memo(
                term,
                save(),
                List.copyOf(errors.subList(errorsBefore, errors.size())),
                hintsBefore));
      }
      return term;
    } finally {
      exit();
    }
  }

  private Term parseTermHead() {
    Location at = loc();
    switch (cur()) {
      case Tok.NULL:
        return new Term.Scalar(NullValue.NULL, at);
      case Tok.TRUE:
        return new Term.Scalar(BooleanValue.TRUE, at);
      case Tok.FALSE:
        return new Term.Scalar(BooleanValue.FALSE, at);
      case Tok.SUB, Tok.DOT, Tok.NUMBER:
        return parseNumber();
      case Tok.STRING:
        return parseString();
      case Tok.TEMPLATE:
        error(at, "template strings are not supported by current capabilities");
        return null;
      case Tok.IDENT, Tok.CONTAINS:
        return parseVar();
      case Tok.LBRACK:
        return parseArray();
      case Tok.LBRACE:
        return parseSetOrObject();
      case Tok.LPAREN:
        scan();
        Term inner = parseTermInfixCall();
        if (inner != null) {
          if (cur() == Tok.RPAREN) {
            return inner;
          }
          error(loc(), "non-terminated expression");
        }
        return null;
      default:
        illegal("");
        return null;
    }
  }

  final Term.Var parseVar() {
    return new Term.Var(lit(), loc());
  }

  private Term parseNumber() {
    Location at = loc();
    String prefix = "";
    if (cur() == Tok.SUB) {
      prefix = "-";
      scan();
      if (cur() != Tok.NUMBER && cur() != Tok.DOT) {
        illegal("expected number");
        return null;
      }
    }
    if (cur() == Tok.DOT) {
      prefix += ".";
      scan();
      if (cur() != Tok.NUMBER) {
        illegal("expected number");
        return null;
      }
    }
    String digits = lit();
    if (!prefix.endsWith(".") && digits.length() > 1 && digits.charAt(0) == '0') {
      char second = digits.charAt(1);
      boolean scientific = digits.length() > 2 && (second == 'e' || second == 'E');
      if (second != '.' && !scientific) {
        illegal("expected number without leading zero");
        return null;
      }
    }
    String text = prefix + digits;
    if (!Literals.isFloat(text)) {
      illegal("invalid float");
      return null;
    }
    NumberValue n = Literals.number(text);
    if (n == null) {
      error(loc(), "number too big");
      return null;
    }
    return new Term.Scalar(n, at);
  }

  private Term parseString() {
    String text = lit();
    if (text.charAt(0) == '"') {
      String value = Literals.unquote(text);
      if (value == null) {
        error(loc(), "illegal string literal: " + text);
        return null;
      }
      return new Term.Scalar(StringValue.of(value), loc());
    }
    return new Term.Scalar(StringValue.of(text.substring(1, text.length() - 1)), loc());
  }

  private Term parseTermFinish(Term head) {
    if (head == null) {
      return null;
    }
    scanWS();
    switch (cur()) {
      case Tok.LPAREN, Tok.DOT, Tok.LBRACK:
        return parseRef(head);
      case Tok.WS:
        scan();
        return head;
      default:
        return head;
    }
  }

  /**
   * The suffixes of a reference: {@code .name}, {@code [term]} and call arguments. A call followed
   * directly by {@code .} or {@code [} starts a reference on the call's result ({@code f(x).y});
   * such chains are read in a loop, each link counting towards the depth cap.
   */
  final Term parseRef(Term first) {
    Term head = first;
    int chain = 0;
    try {
      while (true) {
        if (!refHead(head)) {
          error(head.location(), "illegal ref (head cannot be " + TermText.valueName(head) + ")");
        }
        Term next = parseRefPath(head);
        if (!(next instanceof Term.Call) || (cur() != Tok.DOT && cur() != Tok.LBRACK)) {
          if (next instanceof Term.Call && cur() == Tok.WS) {
            scan();
          }
          return next;
        }
        enter();
        chain++;
        head = next;
      }
    } finally {
      depth -= chain;
    }
  }

  /** One reference; returns a call (with the cursor after it) when arguments end it. */
  private Term parseRefPath(Term head) {
    List<Term> path = new ArrayList<>();
    while (true) {
      switch (cur()) {
        case Tok.DOT:
          scanWS();
          if (cur() != Tok.IDENT && !isRefKeyword(cur())) {
            illegal("expected identifier");
            return null;
          }
          path.add(new Term.Scalar(StringValue.of(lit()), loc()));
          scanWS();
          break;
        case Tok.LPAREN:
          return parseCall(ref(head, path));
        case Tok.LBRACK:
          scan();
          Term index = parseTermInfixCall();
          if (index == null) {
            return null;
          }
          if (cur() != Tok.RBRACK) {
            illegal("expected [");
            return null;
          }
          path.add(index);
          scanWS();
          break;
        case Tok.WS:
          scan();
          return ref(head, path);
        default:
          return ref(head, path);
      }
    }
  }

  private static boolean refHead(Term head) {
    return switch (head) {
      case Term.Var _, Term.ArrayTerm _, Term.ObjectTerm _, Term.SetTerm _ -> true;
      case Term.ArrayComprehension _, Term.SetComprehension _, Term.ObjectComprehension _ -> true;
      case Term.Call _ -> true;
      case Term.Scalar _, Term.Ref _ -> false;
    };
  }

  private static Term ref(Term head, List<Term> path) {
    return path.isEmpty() ? head : new Term.Ref(head, path, head.location());
  }

  private Term parseCall(Term operator) {
    Location at = operator.location();
    scan();
    if (cur() == Tok.RPAREN) {
      scanWS();
      if (operator instanceof Term.Var v && v.name().equals("set")) {
        return new Term.SetTerm(List.of(), at);
      }
      return new Term.Call(operator, List.of(), at);
    }
    List<Term> args = parseTermList(Tok.RPAREN, new ArrayList<>());
    if (args == null) {
      return null;
    }
    scanWS();
    return new Term.Call(operator, args, at);
  }

  /** Comma-separated terms up to {@code end} (a trailing comma is allowed); null on error. */
  final List<Term> parseTermList(int end, List<Term> terms) {
    if (cur() == end) {
      return terms;
    }
    while (true) {
      Term term = parseTermInfixCallInList();
      if (term == null) {
        return null;
      }
      terms.add(term);
      if (cur() == end) {
        return terms;
      }
      if (cur() != Tok.COMMA) {
        illegal("expected \",\" or \"" + Tok.name(end) + "\"");
        return null;
      }
      scan();
      if (cur() == end) {
        return terms;
      }
    }
  }
}
