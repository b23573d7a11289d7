package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Body;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrays, sets, objects and their comprehensions. As in OPA, {@code [a | b]} and {@code {a | b}}
 * are comprehensions first; only if that fails is {@code |} read as the set union operator.
 */
abstract sealed class CompositeParser extends InfixParser permits BodyParser {

  CompositeParser(Tokens t, RegoVersion version) {
    super(t, version);
  }

  @Override
  final Term parseArray() {
    Location at = loc();
    scan();
    if (cur() == Tok.RBRACK) {
      return new Term.ArrayTerm(List.of(), at);
    }
    boolean comprehension = true;
    if (cur() == Tok.COMMA) {
      comprehension = false;
      scan();
    }
    State s = save();
    Term head = parseTerm();
    if (head == null) {
      return null;
    }
    switch (cur()) {
      case Tok.RBRACK:
        return new Term.ArrayTerm(List.of(head), at);
      case Tok.COMMA:
        scan();
        List<Term> rest = parseTermList(Tok.RBRACK, first(head));
        return rest == null ? null : new Term.ArrayTerm(rest, at);
      case Tok.OR:
        if (comprehension) {
          scan();
          Body body = parseBody(Tok.RBRACK);
          if (body != null) {
            return new Term.ArrayComprehension(head, body, at);
          }
          if (cur() != Tok.COMMA) {
            return null;
          }
        }
        break;
      default:
        break;
    }
    restore(s);
    List<Term> all = parseTermList(Tok.RBRACK, new ArrayList<>());
    return all == null ? null : new Term.ArrayTerm(all, at);
  }

  @Override
  final Term parseSetOrObject() {
    Location at = loc();
    scan();
    if (cur() == Tok.RBRACE) {
      return new Term.ObjectTerm(List.of(), at);
    }
    boolean comprehension = true;
    if (cur() == Tok.COMMA) {
      comprehension = false;
      scan();
    }
    State s = save();
    Term head = parseTerm();
    if (head == null) {
      return null;
    }
    switch (cur()) {
      case Tok.OR:
        if (comprehension) {
          return parseSet(s, head, true, at);
        }
        break;
      case Tok.RBRACE, Tok.COMMA:
        return parseSet(s, head, comprehension, at);
      case Tok.COLON:
        return parseObject(head, comprehension, at);
      default:
        break;
    }
    restore(s);
    head = parseTermInfixCallInList();
    if (head == null) {
      return null;
    }
    switch (cur()) {
      case Tok.RBRACE, Tok.COMMA:
        return parseSet(s, head, false, at);
      case Tok.COLON:
        return parseObject(head, comprehension, at);
      default:
        illegal("non-terminated set");
        return null;
    }
  }

  private Term parseSet(State s, Term head, boolean comprehension, Location at) {
    switch (cur()) {
      case Tok.RBRACE:
        return new Term.SetTerm(List.of(head), at);
      case Tok.COMMA:
        scan();
        List<Term> rest = parseTermList(Tok.RBRACE, first(head));
        return rest == null ? null : new Term.SetTerm(rest, at);
      case Tok.OR:
        if (comprehension) {
          scan();
          Body body = parseBody(Tok.RBRACE);
          if (body != null) {
            return new Term.SetComprehension(head, body, at);
          }
          if (cur() != Tok.COMMA) {
            return null;
          }
        }
        restore(s);
        List<Term> all = parseTermList(Tok.RBRACE, new ArrayList<>());
        return all == null ? null : new Term.SetTerm(all, at);
      default:
        return null;
    }
  }

  private Term parseObject(Term key, boolean comprehension, Location at) {
    scan(); // the colon
    State s = save();
    Term value = parseTerm();
    if (value == null) {
      return null;
    }
    boolean relation = true;
    if (comprehension) {
      int k = cur();
      if (k == Tok.RBRACE || k == Tok.COMMA || k == Tok.OR) {
        relation = k == Tok.OR;
        Term object = parseObjectFinish(key, value, true, at);
        if (object != null) {
          return object;
        }
      }
    }
    restore(s);
    if (relation) {
      value = parseTermInfixCallInList();
      if (value == null) {
        return null;
      }
      if (cur() == Tok.RBRACE || cur() == Tok.COMMA) {
        return parseObjectFinish(key, value, false, at);
      }
    }
    illegal("non-terminated object");
    return null;
  }

  private Term parseObjectFinish(Term key, Term value, boolean comprehension, Location at) {
    switch (cur()) {
      case Tok.RBRACE:
        return new Term.ObjectTerm(List.of(new Term.Entry(key, value)), at);
      case Tok.OR:
        if (comprehension) {
          scan();
          Body body = parseBody(Tok.RBRACE);
          if (body != null) {
            return new Term.ObjectComprehension(key, value, body, at);
          }
        } else {
          illegal("non-terminated object");
        }
        return null;
      case Tok.COMMA:
        scan();
        List<Term.Entry> entries = new ArrayList<>();
        entries.add(new Term.Entry(key, value));
        return parsePairs(entries) ? new Term.ObjectTerm(entries, at) : null;
      default:
        return null;
    }
  }

  private boolean parsePairs(List<Term.Entry> entries) {
    if (cur() == Tok.RBRACE) {
      return true;
    }
    while (true) {
      Term key = parseTermInfixCallInList();
      if (key == null) {
        return false;
      }
      if (cur() != Tok.COLON) {
        illegal("expected \":\"");
        return false;
      }
      scan();
      Term value = parseTermInfixCallInList();
      if (value == null) {
        return false;
      }
      entries.add(new Term.Entry(key, value));
      if (cur() == Tok.RBRACE) {
        return true;
      }
      if (cur() != Tok.COMMA) {
        illegal("expected \",\" or \"}\"");
        return false;
      }
      scan();
      if (cur() == Tok.RBRACE) {
        return true;
      }
    }
  }

  private static List<Term> first(Term head) {
    List<Term> list = new ArrayList<>();
    list.add(head);
    return list;
  }
}
