package dev.weft.policy.rego.internal.builtins;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * gqlparser's GraphQL lexer: it reads the UTF-8 bytes of the source as Go does, counts columns in
 * characters, returns comments as tokens, and reports its errors with gqlparser's texts.
 */
final class GqlLexer {

  static final int INVALID = 0;
  static final int EOF = 1;
  static final int BANG = 2;
  static final int DOLLAR = 3;
  static final int AMP = 4;
  static final int PAREN_L = 5;
  static final int PAREN_R = 6;
  static final int SPREAD = 7;
  static final int COLON = 8;
  static final int EQUALS = 9;
  static final int AT = 10;
  static final int BRACKET_L = 11;
  static final int BRACKET_R = 12;
  static final int BRACE_L = 13;
  static final int BRACE_R = 14;
  static final int PIPE = 15;
  static final int NAME = 16;
  static final int INT = 17;
  static final int FLOAT = 18;
  static final int STRING = 19;
  static final int BLOCK_STRING = 20;
  static final int COMMENT = 21;

  private static final String[] KIND_TEXT = {
    "<Invalid>",
    "<EOF>",
    "!",
    "$",
    "&",
    "(",
    ")",
    "...",
    ":",
    "=",
    "@",
    "[",
    "]",
    "{",
    "}",
    "|",
    "Name",
    "Int",
    "Float",
    "String",
    "BlockString",
    "Comment"
  };

  /** A token: its kind, its text (unescaped for strings) and where it starts. */
  record Token(int kind, String value, GqlAst.Position pos) {

    /** {@code Token.String()}: {@code Name "foo"}, or the kind alone when the value is empty. */
    @Override
    public String toString() {
      return value.isEmpty() ? kindText(kind) : kindText(kind) + " " + GoQuote.quote(value);
    }
  }

  /** {@code lexer.Type.String()}. */
  static String kindText(int kind) {
    return kind >= 0 && kind < KIND_TEXT.length ? KIND_TEXT[kind] : "Unknown " + kind;
  }

  private final byte[] input;
  private final String file;
  private int start;
  private int startRunes;
  private int end;
  private int endRunes;
  private int line = 1;
  private int lineStartRunes;
  private GqlError error;

  GqlLexer(String source, String file) {
    this.input = source.getBytes(StandardCharsets.UTF_8);
    this.file = file;
  }

  private Token token(int kind, String value) {
    return new Token(kind, value, new GqlAst.Position(line, startRunes - lineStartRunes + 1, file));
  }

  private Token token(int kind) {
    return token(kind, text(start, end));
  }

  private String text(int from, int to) {
    return new String(input, from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * {@code makeError}: records the error and returns an invalid token at the column where reading
   * stopped. The parser reports the error when it consumes the token.
   */
  private Token fail(String message) {
    int column = endRunes - lineStartRunes + 1;
    error = GqlError.at(file, line, column, message);
    return new Token(INVALID, "", new GqlAst.Position(line, column, file));
  }

  /** The error of the last token read, when it was invalid; null otherwise. */
  GqlError error() {
    return error;
  }

  /** {@code ReadToken}: the next token, comments included; an invalid token on a lexical error. */
  Token next() {
    error = null;
    ws();
    start = end;
    startRunes = endRunes;
    if (end >= input.length) {
      return token(EOF);
    }
    int r = input[start] & 0xff;
    end++;
    endRunes++;
    switch (r) {
      case '!':
        return token(BANG, "");
      case '$':
        return token(DOLLAR, "");
      case '&':
        return token(AMP, "");
      case '(':
        return token(PAREN_L, "");
      case ')':
        return token(PAREN_R, "");
      case '.':
        if (input.length > start + 2 && input[start + 1] == '.' && input[start + 2] == '.') {
          end += 2;
          endRunes += 2;
          return token(SPREAD, "");
        }
        break;
      case ':':
        return token(COLON, "");
      case '=':
        return token(EQUALS, "");
      case '@':
        return token(AT, "");
      case '[':
        return token(BRACKET_L, "");
      case ']':
        return token(BRACKET_R, "");
      case '{':
        return token(BRACE_L, "");
      case '}':
        return token(BRACE_R, "");
      case '|':
        return token(PIPE, "");
      case '#':
        return comment();
      case '"':
        if (input.length > start + 2 && input[start + 1] == '"' && input[start + 2] == '"') {
          return blockString();
        }
        return string();
      default:
        if (r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
          return name();
        }
        if (r == '-' || (r >= '0' && r <= '9')) {
          return number();
        }
    }
    end--;
    endRunes--;
    if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') {
      return fail(String.format("Cannot contain the invalid character \"\\u%04x\"", r));
    }
    if (r == '\'') {
      return fail(
          "Unexpected single quote character ('), did you mean to use a double quote (\")?");
    }
    return fail("Cannot parse the unexpected character \"" + (char) r + "\".");
  }

  private void ws() {
    while (end < input.length) {
      int b = input[end] & 0xff;
      switch (b) {
        case '\t', ' ', ',' -> {
          end++;
          endRunes++;
        }
        case '\n' -> {
          end++;
          endRunes++;
          line++;
          lineStartRunes = endRunes;
        }
        case '\r' -> {
          end++;
          endRunes++;
          line++;
          lineStartRunes = endRunes;
          if (end < input.length && input[end] == '\n') {
            end++;
            endRunes++;
          }
        }
        case 0xef -> {
          if (end + 2 < input.length
              && (input[end + 1] & 0xff) == 0xbb
              && (input[end + 2] & 0xff) == 0xbf) {
            end += 3;
            endRunes++;
          } else {
            return;
          }
        }
        default -> {
          return;
        }
      }
    }
  }

  private Token comment() {
    while (end < input.length) {
      long rw = rune(end);
      int r = (int) (rw >> 8);
      if (r > 0x1f || r == '\t') {
        end += (int) (rw & 0xff);
        endRunes++;
      } else {
        break;
      }
    }
    return token(COMMENT);
  }

  private Token number() {
    boolean isFloat = false;
    end--;
    endRunes--;
    accept('-');
    if (accept('0')) {
      int consumed = digits();
      if (consumed != 0) {
        end -= consumed;
        endRunes -= consumed;
        return fail("Invalid number, unexpected digit after 0: " + describeNext() + ".");
      }
    } else if (digits() == 0) {
      return fail("Invalid number, expected digit but got: " + describeNext() + ".");
    }
    if (accept('.')) {
      isFloat = true;
      if (digits() == 0) {
        return fail("Invalid number, expected digit but got: " + describeNext() + ".");
      }
    }
    if (accept('e', 'E')) {
      isFloat = true;
      accept('-', '+');
      if (digits() == 0) {
        return fail("Invalid number, expected digit but got: " + describeNext() + ".");
      }
    }
    return token(isFloat ? FLOAT : INT);
  }

  private boolean accept(char... bytes) {
    if (end >= input.length) {
      return false;
    }
    for (char b : bytes) {
      if (input[end] == b) {
        end++;
        endRunes++;
        return true;
      }
    }
    return false;
  }

  private int digits() {
    int consumed = 0;
    while (end < input.length && input[end] >= '0' && input[end] <= '9') {
      end++;
      endRunes++;
      consumed++;
    }
    return consumed;
  }

  private String describeNext() {
    return end < input.length ? "\"" + (char) (input[end] & 0xff) + "\"" : "<EOF>";
  }

  private Token string() {
    StringBuilder buf = null;
    start++;
    startRunes++;
    while (end < input.length) {
      int r = input[end] & 0xff;
      if (r == '\n' || r == '\r') {
        break;
      }
      if (r < 0x20 && r != '\t') {
        return fail(String.format("Invalid character within String: \"\\u%04x\".", r));
      }
      if (r == '"') {
        Token t = token(STRING, buf != null ? buf.toString() : text(start, end));
        end++;
        endRunes++;
        return t;
      }
      if (r != '\\') {
        int c = r;
        int w = 1;
        if (r >= 127) {
          long rw = rune(end);
          c = (int) (rw >> 8);
          w = (int) (rw & 0xff);
        }
        end += w;
        endRunes++;
        if (buf != null) {
          buf.appendCodePoint(c);
        }
        continue;
      }
      if (end + 1 >= input.length) {
        end++;
        endRunes++;
        return fail("Invalid character escape sequence.");
      }
      if (buf == null) {
        buf = new StringBuilder(text(start, end));
      }
      int escape = input[end + 1] & 0xff;
      if (escape == 'u') {
        if (end + 6 >= input.length) {
          end++;
          endRunes++;
          return fail("Invalid character escape sequence: \\" + text(end, input.length) + ".");
        }
        int cp = unhex(end + 2);
        if (cp < 0) {
          end++;
          endRunes++;
          return fail("Invalid character escape sequence: \\" + text(end, end + 5) + ".");
        }
        buf.appendCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
        end += 6;
        endRunes += 6;
        continue;
      }
      switch (escape) {
        case '"', '/', '\\' -> buf.append((char) escape);
        case 'b' -> buf.append('\b');
        case 'f' -> buf.append('\f');
        case 'n' -> buf.append('\n');
        case 'r' -> buf.append('\r');
        case 't' -> buf.append('\t');
        default -> {
          end++;
          endRunes++;
          return fail("Invalid character escape sequence: \\" + (char) escape + ".");
        }
      }
      end += 2;
      endRunes += 2;
    }
    return fail("Unterminated string.");
  }

  private Token blockString() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    start += 3;
    startRunes += 3;
    end += 2;
    endRunes += 2;
    while (end < input.length) {
      int r = input[end] & 0xff;
      if (r == '"') {
        int quotes = 1;
        int i = end + 1;
        while (i < input.length && input[i] == '"') {
          quotes++;
          i++;
        }
        if (quotes >= 3) {
          for (int q = 0; q < quotes - 3; q++) {
            buf.write('"');
          }
          Token t = token(BLOCK_STRING, blockStringValue(buf.toString(StandardCharsets.UTF_8)));
          end += quotes;
          endRunes += quotes;
          return t;
        }
      }
      if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') {
        return fail(String.format("Invalid character within String: \"\\u%04x\".", r));
      }
      if (r == '\\'
          && end + 4 <= input.length
          && input[end + 1] == '"'
          && input[end + 2] == '"'
          && input[end + 3] == '"') {
        buf.writeBytes(new byte[] {'"', '"', '"'});
        end += 4;
        endRunes += 4;
      } else if (r == '\r') {
        if (end + 1 < input.length && input[end + 1] == '\n') {
          end++;
          endRunes++;
        }
        buf.write('\n');
        end++;
        endRunes++;
        line++;
        lineStartRunes = endRunes;
      } else {
        int w = r >= 127 ? (int) (rune(end) & 0xff) : 1;
        buf.write(input, end, w);
        end += w;
        endRunes++;
        if (r == '\n') {
          line++;
          lineStartRunes = endRunes;
        }
      }
    }
    return fail("Unterminated string.");
  }

  private Token name() {
    while (end < input.length) {
      int r = input[end] & 0xff;
      if ((r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || r == '_') {
        end++;
        endRunes++;
      } else {
        break;
      }
    }
    return token(NAME);
  }

  private int unhex(int from) {
    int v = 0;
    for (int i = from; i < from + 4; i++) {
      int c = input[i] & 0xff;
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= c - '0';
      } else if (c >= 'a' && c <= 'f') {
        v |= c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        v |= c - 'A' + 10;
      } else {
        return -1;
      }
    }
    return v;
  }

  /**
   * Go's {@code utf8.DecodeRune} at {@code i}: the code point shifted left by 8, plus the width.
   */
  private long rune(int i) {
    int b0 = input[i] & 0xff;
    if (b0 < 0x80) {
      return ((long) b0 << 8) | 1;
    }
    int n = b0 >= 0xf0 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc0 ? 2 : 0;
    if (n == 0 || i + n > input.length) {
      return (0xfffdL << 8) | 1;
    }
    int cp = b0 & (0xff >> (n + 1));
    for (int k = 1; k < n; k++) {
      int b = input[i + k] & 0xff;
      if ((b & 0xc0) != 0x80) {
        return (0xfffdL << 8) | 1;
      }
      cp = (cp << 6) | (b & 0x3f);
    }
    return ((long) cp << 8) | n;
  }

  /** The value of a block string: common indentation and blank first and last lines removed. */
  static String blockStringValue(String raw) {
    String[] lines = raw.split("\n", -1);
    int common = Integer.MAX_VALUE;
    for (String l : lines) {
      int indent = leadingWhitespace(l);
      if (indent < l.length() && indent < common) {
        common = indent;
        if (common == 0) {
          break;
        }
      }
    }
    if (common != Integer.MAX_VALUE) {
      for (int i = 1; i < lines.length; i++) {
        lines[i] = lines[i].length() < common ? "" : lines[i].substring(common);
      }
    }
    int from = 0;
    int to = lines.length;
    while (from < to && leadingWhitespace(lines[from]) == Integer.MAX_VALUE) {
      from++;
    }
    while (from < to && leadingWhitespace(lines[to - 1]) == Integer.MAX_VALUE) {
      to--;
    }
    return String.join("\n", java.util.Arrays.asList(lines).subList(from, to));
  }

  private static int leadingWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t') {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }
}
