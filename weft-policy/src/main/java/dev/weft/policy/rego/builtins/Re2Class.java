package dev.weft.policy.rego.builtins;

import java.util.function.IntConsumer;

/** A bracketed character class and the escapes of Go's RE2 syntax. */
final class Re2Class {

  private final String src;
  private final int start;
  private int pos;

  Re2Class(String src, int start) {
    this.src = src;
    this.start = start;
  }

  /** Parses {@code [...]} at {@code start}; reports the position after it to {@code end}. */
  String parse(IntConsumer end) throws BuiltinException {
    pos = start + 1;
    boolean negated = false;
    if (pos < src.length() && src.charAt(pos) == '^') {
      negated = true;
      pos++;
    }
    StringBuilder items = new StringBuilder();
    boolean first = true;
    while (pos >= src.length() || src.charAt(pos) != ']' || first) {
      first = false;
      if (src.startsWith("[:", pos) && src.length() - pos > 2) {
        int close = src.indexOf(":]", pos + 2);
        if (close >= 0) {
          String name = src.substring(pos, close + 2);
          int[] ranges = Re2Classes.posix(name.substring(2, name.length() - 2));
          if (ranges == null) {
            throw Re2.error("invalid character class", name);
          }
          items.append(Re2Classes.items(ranges));
          pos = close + 2;
          continue;
        }
      }
      if (src.startsWith("\\p", pos) || src.startsWith("\\P", pos)) {
        int[] next = new int[1];
        items.append(unicodeClass(src, pos, next));
        pos = next[0];
        continue;
      }
      if (pos + 1 < src.length()
          && src.charAt(pos) == '\\'
          && "dDsSwW".indexOf(src.charAt(pos + 1)) >= 0) {
        items.append(Re2Classes.items(Re2Classes.perl(src.charAt(pos + 1))));
        pos += 2;
        continue;
      }
      int rangeStart = pos;
      int lo = classChar();
      int hi = lo;
      if (src.length() - pos >= 2 && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
        pos++;
        hi = classChar();
        if (hi < lo) {
          throw Re2.error("invalid character class range", src.substring(rangeStart, pos));
        }
      }
      items.append(Re2Classes.hex(lo));
      if (hi != lo) {
        items.append('-').append(Re2Classes.hex(hi));
      }
    }
    pos++;
    end.accept(pos);
    if (items.isEmpty()) {
      return negated ? "(?s:.)" : "(?!)";
    }
    return (negated ? "[^" : "[") + items + "]";
  }

  private int classChar() throws BuiltinException {
    if (pos >= src.length()) {
      throw Re2.error("missing closing ]", src.substring(start));
    }
    if (src.charAt(pos) == '\\') {
      int[] next = new int[1];
      int c = escapedChar(src, pos, next);
      pos = next[0];
      return c;
    }
    int c = src.codePointAt(pos);
    pos += Character.charCount(c);
    return c;
  }

  /** {@code \p{Greek}}, {@code \pL}, {@code \P{^Lu}} at {@code at}: class items for Java. */
  static String unicodeClass(String src, int at, int[] end) throws BuiltinException {
    boolean negated = src.charAt(at + 1) == 'P';
    String name;
    String seq;
    if (at + 2 >= src.length()) {
      throw Re2.error("invalid character class range", src.substring(at));
    }
    int c = src.codePointAt(at + 2);
    if (c != '{') {
      end[0] = at + 2 + Character.charCount(c);
      seq = src.substring(at, end[0]);
      name = seq.substring(2);
    } else {
      int close = src.indexOf('}', at);
      if (close < 0) {
        throw Re2.error("invalid character class range", src.substring(at));
      }
      seq = src.substring(at, close + 1);
      name = src.substring(at + 3, close);
      end[0] = close + 1;
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    String java = Re2Classes.unicode(name, negated);
    if (java == null) {
      throw Re2.error("invalid character class range", seq);
    }
    return java;
  }

  /** Go's {@code parseEscape} at {@code at} (a backslash): the code point it denotes. */
  static int escapedChar(String src, int at, int[] end) throws BuiltinException {
    int i = at + 1;
    if (i >= src.length()) {
      throw Re2.error("trailing backslash at end of expression", "");
    }
    int c = src.codePointAt(i);
    i += Character.charCount(c);
    switch (c) {
      case '1', '2', '3', '4', '5', '6', '7', '0' -> {
        if (c != '0' && (i >= src.length() || !isOctal(src.charAt(i)))) {
          throw Re2.error("invalid escape sequence", src.substring(at, i));
        }
        int r = c - '0';
        for (int k = 1; k < 3 && i < src.length() && isOctal(src.charAt(i)); k++) {
          r = r * 8 + src.charAt(i++) - '0';
        }
        end[0] = i;
        return r;
      }
      case 'x' -> {
        return hexEscape(src, at, i, end);
      }
      case 'a' -> c = 7;
      case 'f' -> c = '\f';
      case 'n' -> c = '\n';
      case 'r' -> c = '\r';
      case 't' -> c = '\t';
      case 'v' -> c = 11;
      default -> {
        if (c >= 0x80 || Character.isLetterOrDigit(c)) {
          throw Re2.error("invalid escape sequence", src.substring(at, i));
        }
      }
    }
    end[0] = i;
    return c;
  }

  private static int hexEscape(String src, int at, int i, int[] end) throws BuiltinException {
    if (i >= src.length()) {
      throw Re2.error("invalid escape sequence", src.substring(at, i));
    }
    if (src.charAt(i) == '{') {
      i++;
      int r = 0;
      int n = 0;
      while (true) {
        if (i >= src.length()) {
          throw Re2.error("invalid escape sequence", src.substring(at, i));
        }
        int c = src.codePointAt(i);
        i += Character.charCount(c);
        if (c == '}') {
          break;
        }
        int v = unhex(c);
        if (v < 0 || (r = r * 16 + v) > Re2Classes.MAX) {
          throw Re2.error("invalid escape sequence", src.substring(at, i));
        }
        n++;
      }
      if (n == 0) {
        throw Re2.error("invalid escape sequence", src.substring(at, i));
      }
      end[0] = i;
      return r;
    }
    int x = unhex(src.codePointAt(i));
    i += Character.charCount(src.codePointAt(i));
    int y = i < src.length() ? unhex(src.codePointAt(i)) : -1;
    if (i < src.length()) {
      i += Character.charCount(src.codePointAt(i));
    }
    if (x < 0 || y < 0) {
      throw Re2.error("invalid escape sequence", src.substring(at, i));
    }
    end[0] = i;
    return x * 16 + y;
  }

  private static int unhex(int c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }
}
