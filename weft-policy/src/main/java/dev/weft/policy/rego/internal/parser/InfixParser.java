package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.StringValue;
import java.util.List;

/**
 * Infix operators, with OPA's precedence, loosest first: {@code in}; {@code == != < > <= >=};
 * {@code |}; {@code &}; {@code + -}; {@code * / %}. All are left-associative. Operator chains are
 * read in loops; each link counts towards the depth cap, as the tree they build nests.
 */
abstract sealed class InfixParser extends TermParser permits CompositeParser {

  static final String MEMBER_2 = "internal.member_2";
  static final String MEMBER_3 = "internal.member_3";

  InfixParser(Tokens t, RegoVersion version) {
    super(t, version);
  }

  @Override
  final Term parseTermInfixCall() {
    return parseTermIn(true);
  }

  @Override
  final Term parseTermInfixCallInList() {
    return parseTermIn(false);
  }

  private Term parseTermIn(boolean keyVal) {
    int chain = 0;
    try {
      Term lhs = parseOps(0);
      if (lhs == null) {
        return null;
      }
      while (true) {
        Term call = null;
        if (keyVal && cur() == Tok.COMMA) {
          State s = save();
          scan();
          Term mhs = parseOps(0);
          if (mhs != null && cur() == Tok.IN) {
            Location at = loc();
            scan();
            Term rhs = parseOps(0);
            if (rhs != null) {
              call = new Term.Call(member(MEMBER_3, at), List.of(lhs, mhs, rhs), lhs.location());
            }
          }
          if (call == null) {
            restore(s);
          }
        }
        if (call == null) {
          scanAheadRef();
          if (cur() == Tok.IN) {
            Location at = loc();
            scan();
            Term rhs = parseOps(0);
            if (rhs != null) {
              call = new Term.Call(member(MEMBER_2, at), List.of(lhs, rhs), lhs.location());
            }
          }
        }
        if (call == null) {
          return lhs;
        }
        lhs = call;
        if (cur() != Tok.IN) {
          return lhs;
        }
        enter();
        chain++;
      }
    } finally {
      depth -= chain;
    }
  }

  /**
   * Binary operators binding at least as tightly as {@code minLevel} (see {@link Tok#level}). Like
   * OPA's parser, an operator whose right operand fails to parse ends its level and the left
   * operand stands (the failure is already reported).
   */
  private Term parseOps(int minLevel) {
    Term lhs = parseTerm();
    if (lhs == null) {
      return null;
    }
    int chain = 0;
    try {
      for (int level = 4; level >= minLevel; level--) {
        while (Tok.level(cur()) == level) {
          int op = cur();
          Location at = loc();
          scan();
          Term rhs = parseOps(level + 1);
          if (rhs == null) {
            break;
          }
          enter();
          chain++;
          lhs = new Term.Call(new Term.Var(Tok.name(op), at), List.of(lhs, rhs), lhs.location());
        }
      }
      return lhs;
    } finally {
      depth -= chain;
    }
  }

  /** {@code internal.member_2} or {@code internal.member_3}, located at the {@code in}. */
  static Term member(String name, Location at) {
    int dot = name.indexOf('.');
    return new Term.Ref(
        new Term.Var(name.substring(0, dot), at),
        List.of(new Term.Scalar(StringValue.of(name.substring(dot + 1)), at)),
        at);
  }
}
