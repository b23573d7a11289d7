package dev.weft.policy.rego.internal.builtins;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The tokens of one {@code text/template} action, from just after its {@code {{} to its end. */
final class GoTemplateLexer {

  enum Kind {
    IDENT,
    FIELD,
    VAR,
    STRING,
    NUMBER,
    BOOL,
    NIL,
    LPAREN,
    RPAREN,
    PIPE,
    DECLARE,
    ASSIGN,
    COMMA,
    DOT
  }

  private static final Set<String> KEYWORDS =
      Set.of(
          "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue");

  /**
   * A token.
   *
   * @param value the string of a STRING, the number (Long or Double) of a NUMBER, the Boolean of a
   *     BOOL, the name of a FIELD or VAR
   */
  record Token(Kind kind, String text, int start, int end, Object value) {
    String keyword() {
      return kind == Kind.IDENT && KEYWORDS.contains(text) ? text : null;
    }

    String string() {
      return kind == Kind.STRING ? (String) value : null;
    }
  }

  private final String src;
  private final GoTemplateParser parser;
  private int pos;
  private boolean trimRight;

  GoTemplateLexer(String src, int pos, GoTemplateParser parser) {
    this.src = src;
    this.pos = pos;
    this.parser = parser;
  }

  int end() {
    return pos;
  }

  boolean trimRight() {
    return trimRight;
  }

  List<Token> action() throws BuiltinException {
    List<Token> out = new ArrayList<>();
    skipSpace();
    if (src.startsWith("/*", pos)) {
      int close = src.indexOf("*/", pos + 2);
      if (close < 0) {
        throw parser.error("unclosed comment");
      }
      pos = close + 2;
      if (src.startsWith(" -}}", pos)) {
        pos++;
      }
      if (!closeAction()) {
        throw parser.error("comment ends before closing delimiter");
      }
      return out;
    }
    while (true) {
      if (pos >= src.length()) {
        throw parser.error("unclosed action");
      }
      if (closeAction()) {
        return out;
      }
      char c = src.charAt(pos);
      int start = pos;
      if (Character.isWhitespace(c)) {
        skipSpace();
        continue;
      }
      switch (c) {
        case '(' -> out.add(token(Kind.LPAREN, start, ++pos, null));
        case ')' -> out.add(token(Kind.RPAREN, start, ++pos, null));
        case '|' -> out.add(token(Kind.PIPE, start, ++pos, null));
        case ',' -> out.add(token(Kind.COMMA, start, ++pos, null));
        case '=' -> out.add(token(Kind.ASSIGN, start, ++pos, null));
        case ':' -> {
          if (!src.startsWith(":=", pos)) {
            throw parser.error("expected :=");
          }
          pos += 2;
          out.add(token(Kind.DECLARE, start, pos, null));
        }
        case '"', '`' -> out.add(token(Kind.STRING, start, -1, quoted(c)));
        case '\'' -> out.add(token(Kind.NUMBER, start, -1, (long) charLiteral()));
        case '.' -> {
          pos++;
          if (pos < src.length()
              && isIdent(src.charAt(pos))
              && !Character.isDigit(src.charAt(pos))) {
            String name = ident();
            out.add(token(Kind.FIELD, start, pos, name));
          } else if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos = start;
            out.add(token(Kind.NUMBER, start, -1, number()));
          } else {
            out.add(token(Kind.DOT, start, pos, null));
          }
        }
        case '$' -> {
          pos++;
          String name = "$" + ident();
          out.add(token(Kind.VAR, start, pos, name));
        }
        default -> {
          if (Character.isDigit(c)
              || (c == '-' || c == '+')
                  && pos + 1 < src.length()
                  && (Character.isDigit(src.charAt(pos + 1)) || src.charAt(pos + 1) == '.')) {
            out.add(token(Kind.NUMBER, start, -1, number()));
          } else if (isIdent(c)) {
            String word = ident();
            Kind kind =
                word.equals("true") || word.equals("false")
                    ? Kind.BOOL
                    : word.equals("nil") ? Kind.NIL : Kind.IDENT;
            out.add(token(kind, start, pos, kind == Kind.BOOL ? Boolean.valueOf(word) : null));
          } else {
            throw parser.error("unexpected \"" + c + "\" in command");
          }
        }
      }
    }
  }

  private Token token(Kind kind, int start, int end, Object value) {
    int e = end < 0 ? pos : end;
    return new Token(kind, src.substring(start, e), start, e, value);
  }

  /** At {@code }}} or {@code -}}}: consumes it and says so. */
  private boolean closeAction() {
    if (src.startsWith("}}", pos)) {
      pos += 2;
      return true;
    }
    if (src.startsWith("-}}", pos) && pos > 0 && Character.isWhitespace(src.charAt(pos - 1))) {
      pos += 3;
      trimRight = true;
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (pos < src.length()
        && Character.isWhitespace(src.charAt(pos))
        && !src.startsWith(" -}}", pos)) {
      pos++;
    }
    if (src.startsWith(" -}}", pos)) {
      pos++;
    }
  }

  private static boolean isIdent(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private String ident() {
    int start = pos;
    while (pos < src.length() && isIdent(src.charAt(pos))) {
      pos++;
    }
    return src.substring(start, pos);
  }

  private Object number() throws BuiltinException {
    int start = pos;
    if (src.charAt(pos) == '+' || src.charAt(pos) == '-') {
      pos++;
    }
    while (pos < src.length()
        && (Character.isLetterOrDigit(src.charAt(pos))
            || src.charAt(pos) == '.'
            || src.charAt(pos) == '_'
            || (src.charAt(pos) == '+' || src.charAt(pos) == '-')
                && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E'))) {
      pos++;
    }
    String text = src.substring(start, pos).replace("_", "");
    try {
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      boolean negative = lower.startsWith("-");
      String digits = lower.replaceFirst("^[+-]", "");
      if (digits.startsWith("0x") && !digits.contains("p")) {
        return sign(Long.parseLong(digits.substring(2), 16), negative);
      }
      if (digits.startsWith("0o") || digits.startsWith("0b")) {
        return sign(Long.parseLong(digits.substring(2), digits.charAt(1) == 'o' ? 8 : 2), negative);
      }
      if (!digits.contains(".") && !digits.contains("e")) {
        return sign(
            digits.length() > 1 && digits.startsWith("0")
                ? Long.parseLong(digits, 8)
                : Long.parseLong(digits),
            negative);
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw parser.error("bad number syntax: \"" + text + "\"");
    }
  }

  private static Long sign(long v, boolean negative) {
    return negative ? -v : v;
  }

  private String quoted(char quote) throws BuiltinException {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= src.length() || quote == '"' && src.charAt(pos) == '\n') {
        throw parser.error("unterminated quoted string");
      }
      char c = src.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\\' && quote == '"') {
        out.appendCodePoint(escape());
      } else {
        out.append(c);
      }
    }
  }

  private int charLiteral() throws BuiltinException {
    pos++;
    int c = src.codePointAt(pos);
    pos += Character.charCount(c);
    if (c == '\\') {
      c = escape();
    }
    if (pos >= src.length() || src.charAt(pos) != '\'') {
      throw parser.error("unterminated character constant");
    }
    pos++;
    return c;
  }

  private int escape() throws BuiltinException {
    if (pos >= src.length()) {
      throw parser.error("unterminated quoted string");
    }
    char e = src.charAt(pos++);
    return switch (e) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case 'a' -> 7;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'v' -> 11;
      case '\\', '"', '\'' -> e;
      case 'x' -> hex(2);
      case 'u' -> hex(4);
      case 'U' -> hex(8);
      default -> throw parser.error("invalid syntax");
    };
  }

  private int hex(int digits) throws BuiltinException {
    if (pos + digits > src.length()) {
      throw parser.error("invalid syntax");
    }
    try {
      int v = Integer.parseUnsignedInt(src.substring(pos, pos + digits), 16);
      pos += digits;
      return v;
    } catch (NumberFormatException ex) {
      throw parser.error("invalid syntax");
    }
  }

  /** The source text of tokens, space separated. */
  static String join(List<Token> tokens) {
    StringBuilder b = new StringBuilder();
    for (Token t : tokens) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(t.text());
    }
    return b.toString();
  }
}
