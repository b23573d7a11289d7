package dev.weft.policy.rego.internal.parser;

/** Token kinds, with the names OPA's parser uses for them in error messages. */
final class Tok {

  static final int ILLEGAL = 0;
  static final int EOF = 1;
  static final int WS = 2;
  static final int IDENT = 3;
  static final int PACKAGE = 4;
  static final int IMPORT = 5;
  static final int AS = 6;
  static final int DEFAULT = 7;
  static final int ELSE = 8;
  static final int NOT = 9;
  static final int SOME = 10;
  static final int WITH = 11;
  static final int NULL = 12;
  static final int TRUE = 13;
  static final int FALSE = 14;
  static final int NUMBER = 15;
  static final int STRING = 16;
  static final int TEMPLATE = 17;
  static final int LBRACK = 18;
  static final int RBRACK = 19;
  static final int LBRACE = 20;
  static final int RBRACE = 21;
  static final int LPAREN = 22;
  static final int RPAREN = 23;
  static final int COMMA = 24;
  static final int COLON = 25;
  static final int ADD = 26;
  static final int SUB = 27;
  static final int MUL = 28;
  static final int QUO = 29;
  static final int REM = 30;
  static final int AND = 31;
  static final int OR = 32;
  static final int UNIFY = 33;
  static final int EQUAL = 34;
  static final int ASSIGN = 35;
  static final int IN = 36;
  static final int NEQ = 37;
  static final int GT = 38;
  static final int LT = 39;
  static final int GTE = 40;
  static final int LTE = 41;
  static final int DOT = 42;
  static final int SEMICOLON = 43;
  static final int EVERY = 44;
  static final int CONTAINS = 45;
  static final int IF = 46;

  private static final String[] NAMES = {
    "illegal",
    "eof",
    "whitespace",
    "identifier",
    "package",
    "import",
    "as",
    "default",
    "else",
    "not",
    "some",
    "with",
    "null",
    "true",
    "false",
    "number",
    "string",
    "template-string-part",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    ",",
    ":",
    "plus",
    "minus",
    "mul",
    "div",
    "rem",
    "and",
    "or",
    "eq",
    "equal",
    "assign",
    "in",
    "neq",
    "gt",
    "lt",
    "gte",
    "lte",
    ".",
    ";",
    "every",
    "contains",
    "if"
  };

  private Tok() {}

  /** OPA's name of a token kind; for operators also the built-in the operator calls. */
  static String name(int kind) {
    return NAMES[kind];
  }

  /** Whether a kind is a keyword (always-on or future), for "unexpected X keyword" messages. */
  static boolean isKeyword(int kind) {
    return (kind >= PACKAGE && kind <= FALSE) || kind == IN || kind >= EVERY;
  }

  /** Whether a kind is one of the future keywords ({@code in every contains if}). */
  static boolean isFuture(int kind) {
    return kind == IN || kind >= EVERY;
  }

  /** The keyword kind of an identifier's text, or {@link #IDENT}. */
  static int keyword(String s) {
    return switch (s) {
      case "package" -> PACKAGE;
      case "import" -> IMPORT;
      case "as" -> AS;
      case "default" -> DEFAULT;
      case "else" -> ELSE;
      case "not" -> NOT;
      case "some" -> SOME;
      case "with" -> WITH;
      case "null" -> NULL;
      case "true" -> TRUE;
      case "false" -> FALSE;
      case "in" -> IN;
      case "every" -> EVERY;
      case "contains" -> CONTAINS;
      case "if" -> IF;
      default -> IDENT;
    };
  }

  /** Whether {@code s} is a keyword of Rego v1 (which includes every v0 keyword). */
  static boolean isV1Keyword(String s) {
    return keyword(s) != IDENT;
  }

  /** Whether {@code s} is a keyword of Rego v0 (without future imports). */
  static boolean isV0Keyword(String s) {
    int k = keyword(s);
    return k != IDENT && !isFuture(k);
  }

  /**
   * The binding level of an infix operator: 0 relations, 1 {@code |}, 2 {@code &}, 3 {@code + -}, 4
   * {@code * / %}; -1 for anything else.
   */
  static int level(int kind) {
    return switch (kind) {
      case EQUAL, NEQ, LT, GT, LTE, GTE -> 0;
      case OR -> 1;
      case AND -> 2;
      case ADD, SUB -> 3;
      case MUL, QUO, REM -> 4;
      default -> -1;
    };
  }
}
