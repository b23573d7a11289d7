package dev.weft.policy.rego.builtins;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go's RE2 syntax ({@code regexp/syntax} with Perl flags) translated onto java.util.regex, with
 * Go's parse errors: {@code error parsing regexp: missing closing ]: `[a`}. Go's {@code ^ $ .}
 * (text anchors unless {@code (?m)}, no {@code \n} in {@code .} unless {@code (?s)}), ASCII {@code
 * \d \s \w \b}, {@code (?U)} and the constructs RE2 rejects (back-references, look-around,
 * possessive quantifiers) are handled here, not left to Java.
 */
final class Re2 {

  private static final String WORD = "[0-9A-Za-z_]";
  private static final String BOUNDARY =
      "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";
  private static final String NON_BOUNDARY =
      "(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))";

  private final String src;
  private final StringBuilder out = new StringBuilder();
  private final Deque<Frame> groups = new ArrayDeque<>();
  private int pos;
  private Flags flags = new Flags(false, false, false, false);
  private String pendingFlags = "";
  private int atomStart = -1;
  private int lastRepeat = -1;

  private record Flags(boolean fold, boolean multiLine, boolean dotNl, boolean ungreedy) {}

  private record Frame(Flags saved, int outStart) {}

  private Re2(String src) {
    this.src = src;
  }

  /** Compiles a Go regular expression. */
  static Pattern compile(String re) throws BuiltinException {
    String java = new Re2(re).translate();
    try {
      return Pattern.compile(java);
    } catch (PatternSyntaxException e) {
      throw error("invalid character class range", re);
    } catch (StackOverflowError e) {
      throw error("expression nests too deeply", re);
    }
  }

  static BuiltinException error(String code, String expr) {
    return BuiltinException.failure("error parsing regexp: " + code + ": `" + expr + "`");
  }

  private String translate() throws BuiltinException {
    while (pos < src.length()) {
      int c = src.codePointAt(pos);
      switch (c) {
        case '(' -> openGroup();
        case ')' -> closeGroup();
        case '|' -> {
          flushFlags();
          out.append('|');
          pos++;
          atomStart = -1;
          lastRepeat = -1;
        }
        case '*', '+', '?' -> {
          int start = pos++;
          repeat(start, String.valueOf((char) c));
        }
        case '{' -> brace();
        case '^' -> {
          pos++;
          atom(flags.multiLine ? "(?:\\A|(?<=\\n))" : "\\A");
        }
        case '$' -> {
          pos++;
          atom(flags.multiLine ? "(?:\\z|(?=\\n))" : "\\z");
        }
        case '.' -> {
          pos++;
          atom(flags.dotNl ? "(?s:.)" : "[^\\n]");
        }
        case '[' -> atom(new Re2Class(src, pos).parse(this::advanceTo));
        case '\\' -> escape();
        default -> {
          pos += Character.charCount(c);
          atom(literal(c));
        }
      }
    }
    if (!groups.isEmpty()) {
      throw error("missing closing )", src);
    }
    flushFlags();
    return out.toString();
  }

  private void advanceTo(int newPos) {
    pos = newPos;
  }

  static String literal(int c) {
    return c < 0x80 && Character.isLetterOrDigit(c) ? String.valueOf((char) c) : Re2Classes.hex(c);
  }

  private void flushFlags() {
    out.append(pendingFlags);
    pendingFlags = "";
  }

  private void atom(String java) {
    flushFlags();
    atomStart = out.length();
    out.append(java);
    lastRepeat = -1;
  }

  private void openGroup() throws BuiltinException {
    flushFlags();
    String rest = src.substring(pos);
    boolean named =
        rest.startsWith("(?P<") && rest.length() > 4 || rest.startsWith("(?<") && rest.length() > 3;
    if (named) {
      int end = rest.indexOf('>');
      if (end < 0) {
        throw error("invalid named capture", rest);
      }
      String name = rest.substring(rest.startsWith("(?P<") ? 4 : 3, end);
      if (!name.matches("[0-9A-Za-z_]+")) {
        throw error("invalid named capture", rest.substring(0, end + 1));
      }
      pos += end + 1;
      push("(");
    } else if (rest.startsWith("(?")) {
      flagGroup();
    } else {
      pos++;
      push("(");
    }
  }

  private void push(String open) throws BuiltinException {
    if (groups.size() >= 1000) {
      throw error("expression nests too deeply", src);
    }
    groups.push(new Frame(flags, out.length()));
    out.append(open);
    atomStart = -1;
    lastRepeat = -1;
  }

  private void flagGroup() throws BuiltinException {
    int start = pos;
    int i = pos + 2;
    boolean fold = flags.fold;
    boolean multi = flags.multiLine;
    boolean dot = flags.dotNl;
    boolean ungreedy = flags.ungreedy;
    boolean negate = false;
    boolean sawFlag = false;
    while (i < src.length()) {
      int c = src.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case 'i', 'm', 's', 'U' -> {
          boolean v = !negate;
          switch (c) {
            case 'i' -> fold = v;
            case 'm' -> multi = v;
            case 's' -> dot = v;
            default -> ungreedy = v;
          }
          sawFlag = true;
        }
        case '-' -> {
          if (negate) {
            throw error("invalid or unsupported Perl syntax", src.substring(start, i));
          }
          negate = true;
          sawFlag = false;
        }
        case ':', ')' -> {
          if (negate && !sawFlag) {
            throw error("invalid or unsupported Perl syntax", src.substring(start, i));
          }
          String java = fold == flags.fold ? "" : fold ? "iu" : "-iu";
          Flags next = new Flags(fold, multi, dot, ungreedy);
          pos = i;
          if (c == ':') {
            push(java.isEmpty() ? "(?:" : "(?" + java + ":");
          } else if (!java.isEmpty()) {
            pendingFlags += "(?" + java + ")";
          }
          flags = next;
          return;
        }
        default -> throw error("invalid or unsupported Perl syntax", src.substring(start, i));
      }
    }
    throw error("invalid or unsupported Perl syntax", src.substring(start));
  }

  private void closeGroup() throws BuiltinException {
    if (groups.isEmpty()) {
      throw error("unexpected )", src);
    }
    flushFlags();
    Frame f = groups.pop();
    flags = f.saved;
    out.append(')');
    pos++;
    atomStart = f.outStart;
    lastRepeat = -1;
  }

  private void brace() throws BuiltinException {
    int start = pos;
    var m =
        Pattern.compile("\\{(0|[1-9][0-9]*)(,(0|[1-9][0-9]*)?)?}")
            .matcher(src)
            .region(pos, src.length());
    if (!m.lookingAt()) {
      pos++;
      atom(literal('{'));
      return;
    }
    String min = m.group(1);
    String max = m.group(2) == null ? min : m.group(3);
    long lo = min.length() > 9 ? Long.MAX_VALUE : Long.parseLong(min);
    long hi = max == null ? -1 : max.length() > 9 ? Long.MAX_VALUE : Long.parseLong(max);
    if (lo > 1000 || hi > 1000 || hi >= 0 && lo > hi) {
      throw error("invalid repeat count", m.group());
    }
    pos = m.end();
    repeat(start, "{" + lo + (m.group(2) == null ? "" : "," + (hi < 0 ? "" : hi)) + "}");
  }

  private void repeat(int opStart, String quantifier) throws BuiltinException {
    boolean lazy = false;
    if (pos < src.length() && src.charAt(pos) == '?') {
      lazy = true;
      pos++;
    }
    if (lastRepeat >= 0) {
      throw error("invalid nested repetition operator", src.substring(lastRepeat, pos));
    }
    if (atomStart < 0) {
      throw error("missing argument to repetition operator", src.substring(opStart, pos));
    }
    out.insert(atomStart, "(?:").append(')').append(quantifier);
    if (lazy != flags.ungreedy) {
      out.append('?');
    }
    lastRepeat = opStart;
  }

  private void escape() throws BuiltinException {
    if (pos + 1 >= src.length()) {
      throw error("trailing backslash at end of expression", "");
    }
    int c = src.codePointAt(pos + 1);
    switch (c) {
      case 'A' -> simple("\\A");
      case 'z' -> simple("\\z");
      case 'b' -> simple(BOUNDARY);
      case 'B' -> simple(NON_BOUNDARY);
      case 'd', 'D', 's', 'S', 'w', 'W' ->
          simple("[" + Re2Classes.items(Re2Classes.perl((char) c)) + "]");
      case 'p', 'P' -> {
        int[] end = new int[1];
        String item = Re2Class.unicodeClass(src, pos, end);
        pos = end[0];
        atom(item.isEmpty() ? "(?!)" : "[" + item + "]");
      }
      case 'Q' -> {
        int end = src.indexOf("\\E", pos + 2);
        String lit = src.substring(pos + 2, end < 0 ? src.length() : end);
        pos = end < 0 ? src.length() : end + 2;
        lit.codePoints().forEach(cp -> atom(literal(cp)));
      }
      default -> {
        int[] end = new int[1];
        int r = Re2Class.escapedChar(src, pos, end);
        pos = end[0];
        atom(literal(r));
      }
    }
  }

  private void simple(String java) {
    pos += 2;
    atom(java);
  }
}
