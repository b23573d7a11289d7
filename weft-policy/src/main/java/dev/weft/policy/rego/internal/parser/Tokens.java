package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens of one source, as parallel arrays. Whitespace and comments are not tokens: each token
 * records whether any preceded it and whether that included a newline.
 */
final class Tokens {

  final String src;
  final String file;
  int count;

  /** The deepest nesting of brackets, braces and parentheses. */
  int maxNesting;

  byte[] kinds = new byte[64];

  /** For identifiers spelling a future keyword ({@code in every contains if}), that keyword. */
  byte[] future = new byte[64];

  int[] starts = new int[64];
  int[] ends = new int[64];
  int[] lines = new int[64];
  int[] cols = new int[64];
  boolean[] wsBefore = new boolean[64];
  boolean[] nlBefore = new boolean[64];

  /** Scanner errors by token index; such tokens are {@link Tok#ILLEGAL}. */
  final Map<Integer, List<String>> errors = new HashMap<>();

  /** The comments, in source order: where each {@code #} is and where its line ends. */
  final List<Comment> comments = new ArrayList<>();

  /** A comment: {@code start} is the offset of its {@code #}, {@code end} that of its line end. */
  record Comment(int start, int end, int line, int col) {}

  private int[] lineStarts = new int[16];
  private int lineCount = 1;

  Tokens(String src, String file) {
    this.src = src;
    this.file = file;
  }

  void add(int kind, int fut, int start, int end, int line, int col, boolean ws, boolean nl) {
    if (count == kinds.length) {
      int n = count * 2;
      kinds = Arrays.copyOf(kinds, n);
      future = Arrays.copyOf(future, n);
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      lines = Arrays.copyOf(lines, n);
      cols = Arrays.copyOf(cols, n);
      wsBefore = Arrays.copyOf(wsBefore, n);
      nlBefore = Arrays.copyOf(nlBefore, n);
    }
    kinds[count] = (byte) kind;
    future[count] = (byte) fut;
    starts[count] = start;
    ends[count] = end;
    lines[count] = line;
    cols[count] = col;
    wsBefore[count] = ws;
    nlBefore[count] = nl;
    count++;
  }

  void lineStart(int offset) {
    if (lineCount == lineStarts.length) {
      lineStarts = Arrays.copyOf(lineStarts, lineCount * 2);
    }
    lineStarts[lineCount++] = offset;
  }

  String text(int i) {
    return src.substring(starts[i], ends[i]);
  }

  Location location(int i) {
    return new Location(file, lines[i], cols[i]);
  }

  /** The location of any offset of the source (used where whitespace is the current token). */
  Location locate(int offset) {
    int lo = 0;
    int hi = lineCount - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int start = lineStarts[lo];
    int col = 1 + src.codePointCount(start, Math.min(offset, src.length()));
    return new Location(file, lo + 1, col);
  }
}
