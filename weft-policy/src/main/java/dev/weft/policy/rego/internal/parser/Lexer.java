package dev.weft.policy.rego.internal.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Rego source into {@link Tokens} in one linear pass, with OPA's scanner rules and error
 * messages ({@code non-terminated string}, {@code illegal escape sequence}, {@code expected
 * fraction}, ...). Errors are attached to the token they occur in, which becomes {@link
 * Tok#ILLEGAL}; the parser reports them when it reaches that token, as OPA does.
 */
final class Lexer {

  private final String src;
  private final int n;
  private final Tokens out;
  private int pos;
  private int line = 1;
  private int col = 1;
  private boolean ws;
  private boolean nl;
  private List<String> errs;
  private int nesting;

  private Lexer(String src, String file) {
    this.src = src;
    this.n = src.length();
    this.out = new Tokens(src, file);
  }

  static Tokens lex(String src, String file) {
    Lexer lexer = new Lexer(src, file);
    lexer.run();
    return lexer.out;
  }

  private void run() {
    if (n > 0 && src.charAt(0) == '\uFEFF') {
      pos = 1;
    }
    while (pos < n) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ws = true;
        nl |= c == '\n';
        advance();
      } else if (c == '#') {
        comment();
      } else {
        token(c);
      }
    }
    out.add(Tok.EOF, 0, n, n, line, col, ws, nl);
  }

  private void comment() {
    int start = pos;
    int l = line;
    int c = col;
    while (pos < n && src.charAt(pos) != '\n') {
      advance();
    }
    if (errs != null) {
      emit(Tok.ILLEGAL, 0, start, l, c);
    } else {
      out.comments.add(new Tokens.Comment(start, pos, l, c));
      ws = true;
    }
  }

  private void token(char c) {
    int start = pos;
    int l = line;
    int cl = col;
    int kind;
    int fut = 0;
    if (isLetter(c)) {
      while (pos < n && (isLetter(src.charAt(pos)) || isDigit(src.codePointAt(pos)))) {
        advance();
      }
      kind = Tok.keyword(src.substring(start, pos));
      if (Tok.isFuture(kind)) {
        fut = kind;
        kind = Tok.IDENT;
      }
    } else if (c >= '0' && c <= '9') {
      number();
      kind = Tok.NUMBER;
    } else {
      advance();
      kind = punctuation(c);
    }
    emit(kind, fut, start, l, cl);
  }

  private int punctuation(char c) {
    return switch (c) {
      case '"' -> string();
      case '`' -> rawString();
      case '[' -> Tok.LBRACK;
      case ']' -> Tok.RBRACK;
      case '{' -> Tok.LBRACE;
      case '}' -> Tok.RBRACE;
      case '(' -> Tok.LPAREN;
      case ')' -> Tok.RPAREN;
      case ',' -> Tok.COMMA;
      case ':' -> follows('=') ? Tok.ASSIGN : Tok.COLON;
      case '+' -> Tok.ADD;
      case '-' -> Tok.SUB;
      case '*' -> Tok.MUL;
      case '/' -> Tok.QUO;
      case '%' -> Tok.REM;
      case '&' -> Tok.AND;
      case '|' -> Tok.OR;
      case '=' -> follows('=') ? Tok.EQUAL : Tok.UNIFY;
      case '>' -> follows('=') ? Tok.GTE : Tok.GT;
      case '<' -> follows('=') ? Tok.LTE : Tok.LT;
      case '!' -> follows('=') ? Tok.NEQ : error("illegal ! character");
      case ';' -> Tok.SEMICOLON;
      case '.' -> Tok.DOT;
      case '$' -> template();
      default -> Tok.ILLEGAL;
    };
  }

  private boolean follows(char c) {
    if (pos < n && src.charAt(pos) == c) {
      advance();
      return true;
    }
    return false;
  }

  private void number() {
    while (pos < n && isDecimal(src.charAt(pos))) {
      advance();
    }
    if (pos < n && src.charAt(pos) == '.') {
      advance();
      if (!digits()) {
        error("expected fraction");
      }
    }
    if (pos < n && (src.charAt(pos) | 0x20) == 'e') {
      advance();
      if (pos < n && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        advance();
      }
      if (!digits()) {
        error("expected exponent");
      }
    }
    if (pos < n && isLetter(src.charAt(pos))) {
      error("illegal number format");
      while (pos < n && (isLetter(src.charAt(pos)) || isDigit(src.codePointAt(pos)))) {
        advance();
      }
    }
  }

  private boolean digits() {
    boolean found = false;
    while (pos < n && isDecimal(src.charAt(pos))) {
      advance();
      found = true;
    }
    return found;
  }

  private int string() {
    while (true) {
      if (pos >= n || src.charAt(pos) == '\n') {
        return error("non-terminated string");
      }
      char c = src.charAt(pos);
      advance();
      if (c == '"') {
        return Tok.STRING;
      }
      if (c == '\\') {
        switch (pos < n ? src.charAt(pos) : '\0') {
          case '\\', '"', '/', 'b', 'f', 'n', 'r', 't' -> advance();
          case 'u' -> {
            // like OPA: skip 'u' and three more; the fourth is scanned as an ordinary character
            for (int k = 0; k < 4 && pos < n; k++) {
              advance();
            }
          }
          default -> error("illegal escape sequence");
        }
      }
    }
  }

  private int rawString() {
    while (true) {
      if (pos >= n) {
        return error("non-terminated string");
      }
      char c = src.charAt(pos);
      advance();
      if (c == '`') {
        return Tok.STRING;
      }
    }
  }

  /** {@code $"..."} or {@code $`...`}: scanned whole so the parser can reject it in one place. */
  private int template() {
    if (pos >= n || (src.charAt(pos) != '"' && src.charAt(pos) != '`')) {
      return error("illegal $ character");
    }
    char quote = src.charAt(pos);
    advance();
    int depth = 0;
    while (true) {
      if (pos >= n || (quote == '"' && depth == 0 && src.charAt(pos) == '\n')) {
        return error("non-terminated string");
      }
      char c = src.charAt(pos);
      advance();
      if (depth == 0) {
        if (c == quote) {
          return Tok.TEMPLATE;
        } else if (c == '\\' && pos < n) {
          advance();
        } else if (c == '{') {
          depth = 1;
        }
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == '"') {
        while (pos < n && src.charAt(pos) != '"' && src.charAt(pos) != '\n') {
          if (src.charAt(pos) == '\\') {
            advance();
          }
          if (pos < n) {
            advance();
          }
        }
        if (pos < n && src.charAt(pos) == '"') {
          advance();
        }
      }
    }
  }

  private int error(String message) {
    if (errs == null) {
      errs = new ArrayList<>(2);
    }
    errs.add(message);
    return Tok.ILLEGAL;
  }

  private void emit(int kind, int fut, int start, int l, int c) {
    if (kind == Tok.LBRACK || kind == Tok.LBRACE || kind == Tok.LPAREN) {
      out.maxNesting = Math.max(out.maxNesting, ++nesting);
    } else if ((kind == Tok.RBRACK || kind == Tok.RBRACE || kind == Tok.RPAREN) && nesting > 0) {
      nesting--;
    }
    if (errs != null) {
      out.errors.put(out.count, errs);
      kind = Tok.ILLEGAL;
      errs = null;
    }
    out.add(kind, fut, start, pos, l, c, ws, nl);
    ws = false;
    nl = false;
  }

  /** Consumes one code point, keeping line and column, and flags characters OPA rejects. */
  private void advance() {
    char c = src.charAt(pos);
    if (c == '\n') {
      pos++;
      line++;
      col = 1;
      out.lineStart(pos);
      return;
    }
    col++;
    if (Character.isHighSurrogate(c)
        && pos + 1 < n
        && Character.isLowSurrogate(src.charAt(pos + 1))) {
      pos += 2;
      return;
    }
    pos++;
    if (c == 0) {
      error("illegal null character");
    } else if (c == '\uFEFF') {
      error("illegal byte-order mark");
    } else if (Character.isSurrogate(c)) {
      error("illegal utf-8 character");
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isDecimal(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isDigit(int cp) {
    return (cp >= '0' && cp <= '9') || (cp >= 0x80 && Character.isDigit(cp));
  }
}
