package dev.weft.policy.rego.internal.builtins;

import com.google.re2j.Pattern;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A glob as OPA's {@code glob.match} reads it (gobwas/glob syntax): {@code *} any run of
 * non-delimiters, {@code **} any run, {@code ?} one non-delimiter, {@code [abc] [a-z] [!...]} one
 * character, {@code {a,b}} alternatives, {@code \} escapes. Compiled to an RE2/J expression, so
 * that matching takes time linear in the input whatever the pattern (gobwas/glob's own matchers
 * backtrack on patterns such as {@code *a*a*a*b}).
 */
final class Glob {

  private final String src;
  private final String delimiters;
  private final StringBuilder out = new StringBuilder();
  private int pos;
  private int terms;

  private Glob(String src, String delimiters) {
    this.src = src;
    this.delimiters = delimiters;
  }

  /** Compiles {@code pattern}; {@code delimiters} holds one code point per delimiter. */
  static Pattern compile(String pattern, int[] delimiters) throws BuiltinException {
    StringBuilder d = new StringBuilder();
    for (int c : delimiters) {
      d.append(hex(c));
    }
    Glob g = new Glob(pattern, d.toString());
    g.translate();
    String re = g.out.toString();
    String limit = Re2Limits.check(re);
    if (limit != null) {
      throw BuiltinException.failure(
          limit.contains("too large")
              ? "glob pattern is too large"
              : "glob pattern nests too deeply");
    }
    try {
      return Pattern.compile(re, Pattern.DOTALL);
    } catch (StackOverflowError e) {
      throw BuiltinException.failure("glob pattern nests too deeply");
    }
  }

  /** The code point as an RE2 escape, {@code \x{2a}}. */
  static String hex(int c) {
    return "\\x{" + Integer.toHexString(c) + "}";
  }

  /** gobwas' {@code QuoteMeta}: a backslash before each of {@code * ? \ [ ] { }}. */
  static String quoteMeta(String s) {
    StringBuilder out = new StringBuilder(s.length() * 2);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("*?\\[]{}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String literal(int c) {
    return c < 0x80 && Character.isLetterOrDigit(c) ? String.valueOf((char) c) : hex(c);
  }

  private String notDelimiter() {
    return delimiters.isEmpty() ? "." : "[^" + delimiters + "]";
  }

  private void translate() throws BuiltinException {
    Deque<Integer> open = new ArrayDeque<>();
    while (pos < src.length()) {
      int c = src.codePointAt(pos);
      if (c == '{') {
        pos++;
        terms++;
        open.push(out.length());
        out.append("(?:");
      } else if (c == ',' && terms > 0) {
        pos++;
        out.append('|');
      } else if (c == '}' && terms > 0) {
        pos++;
        terms--;
        open.pop();
        out.append(')');
      } else if (c == '[') {
        pos++;
        range();
      } else if (c == '?') {
        pos++;
        out.append(notDelimiter());
      } else if (c == '*') {
        pos++;
        if (pos < src.length() && src.charAt(pos) == '*') {
          pos++;
          out.append(".*");
        } else {
          out.append(notDelimiter()).append('*');
        }
      } else {
        text(terms > 0 ? "?*[{}," : "?*[{").codePoints().forEach(ch -> out.append(literal(ch)));
      }
    }
    // An unclosed '{' closes at the end of the pattern, as gobwas/glob's parser lets it.
    while (!open.isEmpty()) {
      open.pop();
      out.append(')');
    }
  }

  /** gobwas' {@code fetchText}: a run of literal characters, escapes resolved. */
  private String text(String breakers) {
    StringBuilder data = new StringBuilder();
    boolean escaped = false;
    while (pos < src.length()) {
      int c = src.codePointAt(pos);
      if (!escaped) {
        if (c == '\\') {
          escaped = true;
          pos++;
          continue;
        }
        if (breakers.indexOf(c) >= 0) {
          break;
        }
      }
      escaped = false;
      pos += Character.charCount(c);
      data.appendCodePoint(c);
    }
    return data.toString();
  }

  /** gobwas' {@code fetchRange} and {@code parserRange}, after the {@code [}. */
  private void range() throws BuiltinException {
    boolean not = false;
    int lo = 0;
    int hi = 0;
    String chars = "";
    boolean wantHi = false;
    while (true) {
      if (pos >= src.length()) {
        throw BuiltinException.failure("unexpected end of input");
      }
      int r = src.codePointAt(pos);
      pos += Character.charCount(r);
      if (wantHi) {
        hi = r;
        if (hi < lo) {
          throw BuiltinException.failure(
              "hi character '" + cp(hi) + "' should be greater than lo '" + cp(lo) + "'");
        }
        break;
      }
      if (!not && r == '!') {
        not = true;
        continue;
      }
      if (pos < src.length() && src.charAt(pos) == '-') {
        pos++;
        lo = r;
        wantHi = true;
        continue;
      }
      pos -= Character.charCount(r);
      chars = text("]");
      break;
    }
    if (pos >= src.length()) {
      throw BuiltinException.failure("unexpected end of input");
    }
    if (src.charAt(pos) != ']') {
      throw BuiltinException.failure("expected close range character");
    }
    pos++;
    boolean isRange = lo != 0 && hi != 0;
    if (chars.isEmpty() != isRange) {
      throw BuiltinException.failure("could not parse range");
    }
    StringBuilder items = new StringBuilder();
    if (isRange) {
      items.append(hex(lo)).append('-').append(hex(hi));
    } else {
      chars.codePoints().forEach(c -> items.append(hex(c)));
    }
    out.append(not ? "[^" : "[").append(items).append(']');
  }

  private static String cp(int c) {
    return new String(Character.toChars(c));
  }
}
