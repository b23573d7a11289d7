package dev.weft.policy.rego.internal.builtins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The limits Go's {@code regexp/syntax} puts on a parsed expression and RE2/J does not: nested
 * counted repetitions whose counts multiply past 1000 ({@code invalid repeat count}), a parse tree
 * higher than 1000 ({@code expression nests too deeply}) and a program larger than Go's 128 MiB
 * budget ({@code expression too large}). Without them an expression such as {@code
 * ((a{1000}){1000}){1000}} would make RE2/J build a billion instructions.
 *
 * <p>This is a lenient structural scan, not a validator: RE2/J reports syntax errors afterwards.
 * Heights and sizes follow Go's {@code calcHeight} and {@code calcSize} over the tree it builds.
 */
final class Re2Limits {

  static final int MAX_HEIGHT = 1000;
  static final long MAX_SIZE = (128L << 20) / 40;
  static final int MAX_REPEAT = 1000;

  private enum Kind {
    LITERAL,
    LEAF,
    EMPTY,
    CAPTURE,
    CONCAT,
    ALTERNATE,
    STAR,
    PLUS,
    QUEST,
    REPEAT
  }

  /** A node of the parse tree; height and size are computed once, bottom-up. */
  private record Node(
      Kind kind, List<Node> subs, int min, int max, long size, int height, boolean repeats) {

    static Node leaf(Kind kind, long size) {
      return new Node(kind, List.of(), 0, 0, size, 1, false);
    }

    static Node of(Kind kind, List<Node> subs, int min, int max) {
      int height = 0;
      boolean repeats = kind == Kind.REPEAT;
      long size = 0;
      for (Node s : subs) {
        height = Math.max(height, s.height);
        repeats |= s.repeats;
      }
      long first = subs.isEmpty() ? 0 : subs.getFirst().size;
      switch (kind) {
        case CAPTURE, STAR -> size = add(2, first);
        case PLUS, QUEST -> size = add(1, first);
        case CONCAT -> {
          for (Node s : subs) {
            size = add(size, s.size);
          }
        }
        case ALTERNATE -> {
          for (Node s : subs) {
            size = add(size, s.size);
          }
          size = add(size, subs.size() - 1);
        }
        case REPEAT -> {
          if (max == -1) {
            size = min == 0 ? add(2, first) : add(1, mul(min, first));
          } else {
            size = add(mul(max, first), max - min);
          }
        }
        default -> throw new IllegalArgumentException("not a composite: " + kind);
      }
      return new Node(kind, subs, min, max, Math.max(1, size), height + 1, repeats);
    }
  }

  /** An open group: its alternatives so far and the concatenation being read. */
  private static final class Frame {
    final boolean capture;
    final List<Node> alternatives = new ArrayList<>();
    List<Node> current = new ArrayList<>();

    Frame(boolean capture) {
      this.capture = capture;
    }

    Node close() {
      alternatives.add(concat(current));
      Node body =
          alternatives.size() == 1
              ? alternatives.getFirst()
              : Node.of(Kind.ALTERNATE, alternatives, 0, 0);
      return capture ? Node.of(Kind.CAPTURE, List.of(body), 0, 0) : body;
    }
  }

  private final String src;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private int pos;

  private Re2Limits(String src) {
    this.src = src;
    frames.push(new Frame(false));
  }

  /**
   * Go's error for an expression over one of the limits, e.g. {@code error parsing regexp: invalid
   * repeat count: `{1000}`}, or null when it is within all of them.
   */
  static String check(String re) {
    return new Re2Limits(re).scan();
  }

  private static String error(String code, String expr) {
    return "error parsing regexp: " + code + ": `" + expr + "`";
  }

  private String scan() {
    while (pos < src.length()) {
      int c = src.codePointAt(pos);
      String problem =
          switch (c) {
            case '(' -> open();
            case ')' -> close();
            case '|' -> {
              pos++;
              Frame f = frames.peek();
              f.alternatives.add(concat(f.current));
              f.current = new ArrayList<>();
              yield null;
            }
            case '*', '+', '?' -> {
              pos++;
              lazy();
              yield repeat(c == '*' ? Kind.STAR : c == '+' ? Kind.PLUS : Kind.QUEST, 0, 0, null);
            }
            case '{' -> brace();
            case '[' -> {
              skipClass();
              yield add(Node.leaf(Kind.LEAF, 1));
            }
            case '\\' -> escape();
            case '.', '^', '$' -> {
              pos++;
              yield add(Node.leaf(Kind.LEAF, 1));
            }
            default -> {
              pos += Character.charCount(c);
              yield add(Node.leaf(Kind.LITERAL, 1));
            }
          };
      if (problem != null) {
        return problem;
      }
    }
    while (frames.size() > 1) {
      String problem = close();
      if (problem != null) {
        return problem;
      }
    }
    Node root = frames.pop().close();
    if (root.height > MAX_HEIGHT) {
      return error("expression nests too deeply", src);
    }
    return root.size > MAX_SIZE ? error("expression too large", src) : null;
  }

  private String add(Node n) {
    frames.peek().current.add(n);
    return n.height > MAX_HEIGHT ? error("expression nests too deeply", src) : null;
  }

  private String open() {
    if (src.startsWith("(?P<", pos)
        || src.startsWith("(?<", pos)
            && !src.startsWith("(?<=", pos)
            && !src.startsWith("(?<!", pos)) {
      int end = src.indexOf('>', pos);
      pos = end < 0 ? src.length() : end + 1;
      frames.push(new Frame(true));
      return null;
    }
    if (src.startsWith("(?", pos)) {
      int i = pos + 2;
      while (i < src.length() && "imsU-".indexOf(src.charAt(i)) >= 0) {
        i++;
      }
      boolean flagsOnly = i < src.length() && src.charAt(i) == ')';
      pos = Math.min(i + 1, src.length());
      if (!flagsOnly) {
        frames.push(new Frame(false));
      }
      return null;
    }
    pos++;
    frames.push(new Frame(true));
    return null;
  }

  private String close() {
    pos++;
    if (frames.size() == 1) {
      return null;
    }
    return add(frames.pop().close());
  }

  private void lazy() {
    if (pos < src.length() && src.charAt(pos) == '?') {
      pos++;
    }
  }

  private String brace() {
    int start = pos;
    int i = pos + 1;
    int min = digits(i);
    if (min == Integer.MIN_VALUE) {
      pos++;
      return add(Node.leaf(Kind.LITERAL, 1));
    }
    i = skipDigits(i);
    int max = min;
    if (i < src.length() && src.charAt(i) == ',') {
      i++;
      max = i < src.length() && Character.isDigit(src.charAt(i)) ? digits(i) : -1;
      i = skipDigits(i);
    }
    if (i >= src.length() || src.charAt(i) != '}') {
      pos++;
      return add(Node.leaf(Kind.LITERAL, 1));
    }
    pos = i + 1;
    lazy();
    return repeat(Kind.REPEAT, min, max, src.substring(start, pos));
  }

  /** The decimal number at {@code i}, capped above 1000, or MIN_VALUE when there is none. */
  private int digits(int i) {
    int j = skipDigits(i);
    if (j == i) {
      return Integer.MIN_VALUE;
    }
    String d = src.substring(i, j);
    return d.length() > 4 ? MAX_REPEAT + 1 : Integer.parseInt(d);
  }

  private int skipDigits(int i) {
    while (i < src.length() && Character.isDigit(src.charAt(i)) && src.charAt(i) < 0x80) {
      i++;
    }
    return i;
  }

  private String repeat(Kind kind, int min, int max, String op) {
    List<Node> current = frames.peek().current;
    if (current.isEmpty()) {
      return null;
    }
    Node sub = current.removeLast();
    Node n = Node.of(kind, List.of(sub), min, max);
    if (kind == Kind.REPEAT && (min >= 2 || max >= 2) && !repeatIsValid(n)) {
      return error("invalid repeat count", op);
    }
    return add(n);
  }

  /** Go's {@code repeatIsValid(re, 1000)}: nested counts may not multiply past 1000. */
  private static boolean repeatIsValid(Node root) {
    Deque<Node> nodes = new ArrayDeque<>();
    Deque<Integer> budgets = new ArrayDeque<>();
    nodes.push(root);
    budgets.push(MAX_REPEAT);
    while (!nodes.isEmpty()) {
      Node re = nodes.pop();
      int n = budgets.pop();
      if (re.kind == Kind.REPEAT) {
        int m = re.max;
        if (m == 0) {
          continue;
        }
        if (m < 0) {
          m = re.min;
        }
        if (m > n) {
          return false;
        }
        if (m > 0) {
          n /= m;
        }
      }
      for (Node sub : re.subs) {
        if (sub.repeats) {
          nodes.push(sub);
          budgets.push(n);
        }
      }
    }
    return true;
  }

  private String escape() {
    int next = pos + 1 < src.length() ? src.codePointAt(pos + 1) : -1;
    if (next == 'Q') {
      int end = src.indexOf("\\E", pos + 2);
      String lit = src.substring(pos + 2, end < 0 ? src.length() : end);
      pos = end < 0 ? src.length() : end + 2;
      for (int k = 0; k < lit.codePointCount(0, lit.length()); k++) {
        String problem = add(Node.leaf(Kind.LITERAL, 1));
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    pos = skipEscape(pos);
    return add(Node.leaf(Kind.LEAF, 1));
  }

  /** The position after the escape at {@code i} (a backslash). */
  private int skipEscape(int i) {
    if (i + 1 >= src.length()) {
      return src.length();
    }
    char c = src.charAt(i + 1);
    if ((c == 'x' || c == 'p' || c == 'P') && i + 2 < src.length() && src.charAt(i + 2) == '{') {
      int end = src.indexOf('}', i + 3);
      return end < 0 ? src.length() : end + 1;
    }
    if (c == 'x') {
      return Math.min(i + 4, src.length());
    }
    if (c == 'p' || c == 'P') {
      return Math.min(i + 3, src.length());
    }
    if (c >= '0' && c <= '7') {
      int j = i + 2;
      while (j < src.length() && j < i + 4 && src.charAt(j) >= '0' && src.charAt(j) <= '7') {
        j++;
      }
      return j;
    }
    return i + 1 + Character.charCount(src.codePointAt(i + 1));
  }

  private void skipClass() {
    int i = pos + 1;
    if (i < src.length() && src.charAt(i) == '^') {
      i++;
    }
    boolean first = true;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == ']' && !first) {
        pos = i + 1;
        return;
      }
      first = false;
      if (src.startsWith("[:", i) && src.indexOf(":]", i + 2) >= 0) {
        i = src.indexOf(":]", i + 2) + 2;
      } else if (c == '\\') {
        i = skipEscape(i);
      } else {
        i += Character.charCount(src.codePointAt(i));
      }
    }
    pos = src.length();
  }

  /** Go's concatenation: nothing is an empty match, one node is itself, literal runs merge. */
  private static Node concat(List<Node> items) {
    if (items.isEmpty()) {
      return Node.leaf(Kind.EMPTY, 1);
    }
    List<Node> merged = new ArrayList<>();
    for (Node n : items) {
      if (n.kind == Kind.LITERAL && !merged.isEmpty() && merged.getLast().kind == Kind.LITERAL) {
        merged.add(Node.leaf(Kind.LITERAL, add(merged.removeLast().size, n.size)));
      } else {
        merged.add(n);
      }
    }
    return merged.size() == 1 ? merged.getFirst() : Node.of(Kind.CONCAT, merged, 0, 0);
  }

  private static long add(long a, long b) {
    long r = a + b;
    return r < 0 || r > MAX_SIZE * 2 ? MAX_SIZE * 2 : r;
  }

  private static long mul(long a, long b) {
    if (a != 0 && b > (MAX_SIZE * 2) / a) {
      return MAX_SIZE * 2;
    }
    return a * b;
  }
}
