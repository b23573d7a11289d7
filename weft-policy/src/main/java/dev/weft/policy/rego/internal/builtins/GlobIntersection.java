package dev.weft.policy.rego.internal.builtins;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code regex.globs_match}: whether two "globs" (OPA's yashtewari/glob-intersection syntax:
 * characters, {@code .} for any character, {@code [a-z]} sets, each optionally followed by {@code
 * *} or {@code +}, {@code \} escapes) can match a common string. Same greedy walk and same answers
 * as that library, with its error texts; intermediate results are memoized by position so that
 * patterns such as {@code a*a*a*a*b} take polynomial, not exponential, time.
 */
final class GlobIntersection {

  private static final int NONE = 0;
  private static final int PLUS = 1;
  private static final int STAR = 2;

  private static final int CHAR = 0;
  private static final int DOT = 1;
  private static final int SET = 2;

  /**
   * One token: a character, a dot or a set (sorted, merged code point ranges), with a flag.
   *
   * @param type CHAR, DOT or SET
   * @param ranges for CHAR the code point twice, for SET lo/hi pairs
   * @param flag NONE, PLUS or STAR
   */
  private record Token(int type, int[] ranges, int flag) {
    boolean sameAs(Token o) {
      return type == o.type && Arrays.equals(ranges, o.ranges);
    }

    Token withFlag(int f) {
      return new Token(type, ranges, f);
    }
  }

  private final Token[] g1;
  private final Token[] g2;
  private final Map<Long, Boolean> memo = new HashMap<>();

  private GlobIntersection(Token[] g1, Token[] g2) {
    this.g1 = g1;
    this.g2 = g2;
  }

  /** Whether {@code lhs} and {@code rhs} intersect; a failure names a malformed glob. */
  static boolean nonEmpty(String lhs, String rhs) throws BuiltinException {
    Token[] a = simplify(tokenize(lhs.codePoints().toArray()));
    Token[] b = simplify(tokenize(rhs.codePoints().toArray()));
    int l = 0;
    while (l < a.length && l < b.length && a[l].flag == NONE && b[l].flag == NONE) {
      if (!match(a[l], b[l])) {
        return false;
      }
      l++;
    }
    if (l > 0) {
      l--;
    }
    int r1 = a.length - 1;
    int r2 = b.length - 1;
    while (r1 >= 0 && r1 >= l && r2 >= 0 && r2 >= l && a[r1].flag == NONE && b[r2].flag == NONE) {
      if (!match(a[r1], b[r2])) {
        return false;
      }
      r1--;
      r2--;
    }
    if (r1 < a.length - 1) {
      r1++;
      r2++;
    }
    Token[] ta = Arrays.copyOfRange(a, l, Math.max(l, r1 + 1));
    Token[] tb = Arrays.copyOfRange(b, l, Math.max(l, r2 + 1));
    return new GlobIntersection(ta, tb).normal(false, 0, 0);
  }

  private Token at(boolean second, int i) {
    return second ? g2[i] : g1[i];
  }

  private int length(boolean second) {
    return second ? g2.length : g1.length;
  }

  /** intersectNormal(x[i:], y[j:]) where x is g2 when {@code swapped}, else g1. */
  private boolean normal(boolean swapped, int i, int j) {
    long key = ((long) i << 32 | j) << 1 | (swapped ? 1 : 0);
    Boolean known = memo.get(key);
    if (known != null) {
      return known;
    }
    boolean result = normalUncached(swapped, i, j);
    memo.put(key, result);
    return result;
  }

  private boolean normalUncached(boolean swapped, int i, int j) {
    int n1 = length(swapped);
    int n2 = length(!swapped);
    while (i < n1 && j < n2) {
      Token a = at(swapped, i);
      Token b = at(!swapped, j);
      if (a.flag == NONE && b.flag == NONE) {
        if (!match(a, b)) {
          return false;
        }
      } else if (a.flag != NONE) {
        return a.flag == PLUS ? plus(swapped, i, j) : star(swapped, i, j);
      } else {
        return b.flag == PLUS ? plus(!swapped, j, i) : star(!swapped, j, i);
      }
      i++;
      j++;
    }
    return i == n1 && j == n2;
  }

  /** intersectPlus(x[i:], y[j:]): x[i] carries {@code +}. */
  private boolean plus(boolean swapped, int i, int j) {
    if (j >= length(!swapped) || !match(at(swapped, i), at(!swapped, j))) {
      return false;
    }
    if (star(swapped, i, j + 1)) {
      return true;
    }
    return at(!swapped, j).flag != NONE && normal(swapped, i + 1, j);
  }

  /** intersectStar(x[i:], y[j:]): x[i] carries a flag and gobbles y's tokens while they match. */
  private boolean star(boolean swapped, int i, int j) {
    Token starToken = at(swapped, i);
    Token next = i + 1 < length(swapped) ? at(swapped, i + 1) : null;
    for (int k = j; k < length(!swapped); k++) {
      Token t = at(!swapped, k);
      if (next != null && match(t, next)) {
        if (normal(swapped, i + 1, k)) {
          return true;
        }
        if (!match(t, starToken)) {
          return false;
        }
      } else if (!match(t, starToken)) {
        return false;
      }
    }
    return next == null;
  }

  private static boolean match(Token a, Token b) {
    if (a.type == DOT || b.type == DOT) {
      return true;
    }
    int[] x = a.ranges;
    int[] y = b.ranges;
    int p = 0;
    int q = 0;
    while (p < x.length && q < y.length) {
      if (x[p + 1] < y[q]) {
        p += 2;
      } else if (y[q + 1] < x[p]) {
        q += 2;
      } else {
        return true;
      }
    }
    return false;
  }

  private static Token[] simplify(List<Token> tokens) {
    List<Token> simple = new ArrayList<>();
    for (Token t : tokens) {
      Token latest = simple.isEmpty() ? null : simple.getLast();
      if (latest != null && t.flag != NONE && latest.flag != NONE && t.sameAs(latest)) {
        int flag = t.flag == PLUS || latest.flag == PLUS ? PLUS : STAR;
        simple.set(simple.size() - 1, latest.withFlag(flag));
      } else {
        simple.add(t);
      }
    }
    return simple.toArray(new Token[0]);
  }

  private static List<Token> tokenize(int[] in) throws BuiltinException {
    List<Token> tokens = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < in.length) {
      tokens.add(token(in, pos));
    }
    return tokens;
  }

  private static Token token(int[] in, int[] pos) throws BuiltinException {
    boolean escaped = in[pos[0]] == '\\';
    int r = next(in, pos);
    Token t;
    if (!escaped && r == '.') {
      t = new Token(DOT, new int[0], NONE);
    } else if (!escaped && r == ']') {
      throw invalid(in, pos[0], "set-close ']' with no preceding '['");
    } else if (!escaped && r == '[') {
      t = set(in, pos);
    } else if (!escaped && (r == '+' || r == '*')) {
      throw invalid(in, pos[0], "flag '" + cp(r) + "' must be preceded by a non-flag");
    } else {
      t = new Token(CHAR, new int[] {r, r}, NONE);
    }
    if (pos[0] < in.length && (in[pos[0]] == '+' || in[pos[0]] == '*')) {
      t = t.withFlag(in[pos[0]] == '+' ? PLUS : STAR);
      pos[0]++;
    }
    return t;
  }

  /** The rune at {@code pos}, an escape resolved; advances {@code pos}. */
  private static int next(int[] in, int[] pos) throws BuiltinException {
    int i = pos[0];
    if (in[i] == '\\') {
      if (i == in.length - 1) {
        throw invalid(in, i, "input ends with a \\ (escape) character");
      }
      pos[0] = i + 2;
      return in[i + 1];
    }
    pos[0] = i + 1;
    return in[i];
  }

  private static Token set(int[] in, int[] pos) throws BuiltinException {
    List<int[]> ranges = new ArrayList<>();
    int prev = 0;
    boolean prevExists = false;
    while (pos[0] < in.length) {
      boolean escaped = in[pos[0]] == '\\';
      int r = next(in, pos);
      if (escaped) {
        ranges.add(new int[] {r, r});
        prev = r;
        prevExists = true;
      } else if (r == ']') {
        return new Token(SET, merge(ranges), NONE);
      } else if (r == '-') {
        if (!prevExists) {
          throw invalid(in, pos[0], "range character '-' must be preceded by a Unicode character");
        }
        if (pos[0] >= in.length - 1) {
          throw invalid(in, pos[0], "range character '-' must be followed by a Unicode character");
        }
        boolean hiEscaped = in[pos[0]] == '\\';
        int hi = next(in, pos);
        if (!hiEscaped && (hi == ']' || hi == '-')) {
          throw invalid(in, pos[0], "range character '-' cannot be followed by a special symbol");
        }
        if (hi < prev) {
          throw invalid(
              in,
              pos[0],
              "range is out of order: '" + cp(hi) + "' comes before '" + cp(prev) + "' in Unicode");
        }
        ranges.add(new int[] {prev, hi});
        prevExists = false;
      } else {
        ranges.add(new int[] {r, r});
        prev = r;
        prevExists = true;
      }
    }
    throw invalid(in, pos[0], "found [ without matching ]");
  }

  private static int[] merge(List<int[]> ranges) {
    ranges.sort((x, y) -> Integer.compare(x[0], y[0]));
    List<int[]> out = new ArrayList<>();
    for (int[] r : ranges) {
      if (!out.isEmpty() && r[0] <= out.getLast()[1] + 1) {
        out.getLast()[1] = Math.max(out.getLast()[1], r[1]);
      } else {
        out.add(new int[] {r[0], r[1]});
      }
    }
    int[] flat = new int[out.size() * 2];
    for (int i = 0; i < out.size(); i++) {
      flat[2 * i] = out.get(i)[0];
      flat[2 * i + 1] = out.get(i)[1];
    }
    return flat;
  }

  private static BuiltinException invalid(int[] in, int index, String message) {
    return BuiltinException.failure(
        "input:"
            + new String(in, 0, in.length)
            + ", pos:"
            + index
            + ", "
            + message
            + ": the input provided is invalid");
  }

  private static String cp(int c) {
    return new String(Character.toChars(c));
  }
}
