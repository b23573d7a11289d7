package dev.weft.policy.rego.internal.parser;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoError;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.ast.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parser's position in the token stream, with OPA's notion of a current token (which may be the
 * whitespace between two tokens), backtracking, errors and pending hints, the active keywords and
 * the recursion depth cap.
 */
abstract sealed class Cursor permits TermParser {

  /** The deepest nesting accepted; deeper input is a parse error, never a stack overflow. */
  static final int MAX_DEPTH = 1000;

  static final String DEPTH_EXCEEDED = "max parsing recursion depth exceeded";

  static final int NORMAL = 0;
  static final int ALL_FUTURE = 1;
  static final int NO_FUTURE = 2;

  final Tokens t;
  final RegoVersion version;
  final List<RegoError> errors = new ArrayList<>();
  final Map<Long, Memo> memo = new HashMap<>();

  int pos;
  boolean onWs;
  boolean forceIdent;
  int lastEnd;
  boolean skippedNL;
  List<String> hints = List.of();
  int depth;
  int mode = NORMAL;

  /** Future keywords enabled by the version or by imports, as a bit set over their kinds. */
  private int futureBits;

  /** A saved position, restored when an attempt at one reading of the input fails. */
  record State(
      int pos,
      boolean onWs,
      boolean forceIdent,
      int lastEnd,
      boolean skippedNL,
      int errorCount,
      List<String> hints) {}

  /** Ends a parse whose input nests deeper than {@link #MAX_DEPTH}; never leaves the parser. */
  static final class DepthExceeded extends RuntimeException {
    @java.io.Serial private static final long serialVersionUID = 1L;

    final transient Location at;

    DepthExceeded(Location at) {
      super(DEPTH_EXCEEDED, null, false, false);
      this.at = at;
    }
  }

  /** A term parsed before at the same position: its result, end state and errors. */
  record Memo(Term term, State after, List<RegoError> added, List<String> hintsBefore) {}

  Cursor(Tokens t, RegoVersion version) {
    this.t = t;
    this.version = version;
    this.futureBits = version == RegoVersion.V1 ? -1 : 0;
  }

  // ---- keywords

  final int kind(int i) {
    int k = t.kinds[i];
    if (k == Tok.IDENT && t.future[i] != 0) {
      int f = t.future[i];
      boolean on =
          switch (mode) {
            case ALL_FUTURE -> true;
            case NO_FUTURE -> false;
            default -> (futureBits & (1 << (f - Tok.IN))) != 0;
          };
      return on ? f : k;
    }
    return k;
  }

  final void enableFuture(int kind) {
    futureBits |= 1 << (kind - Tok.IN);
    if (kind == Tok.EVERY) {
      futureBits |= 1;
    }
    memo.clear();
  }

  final void enableAllFuture() {
    futureBits = -1;
    memo.clear();
  }

  final <T> T inMode(int newMode, Supplier<T> attempt) {
    int saved = mode;
    mode = newMode;
    try {
      return attempt.get();
    } finally {
      mode = saved;
    }
  }

  // ---- the current token

  final int cur() {
    if (onWs) {
      return Tok.WS;
    }
    return forceIdent ? Tok.IDENT : kind(pos);
  }

  final String lit() {
    return t.text(pos);
  }

  final Location loc() {
    return onWs ? t.locate(t.ends[pos - 1]) : t.location(pos);
  }

  final int offset() {
    return t.starts[pos];
  }

  /** The kind {@link #scanWS()} would move to, without moving. */
  final int peekWs() {
    if (onWs) {
      return kind(pos);
    }
    int next = Math.min(pos + 1, t.count - 1);
    return next != pos && t.wsBefore[next] ? Tok.WS : kind(next);
  }

  final boolean isRefKeyword(int k) {
    return Tok.isKeyword(k);
  }

  /**
   * A keyword directly followed by {@code .} or {@code [} starts a reference: read it as a name.
   */
  final boolean scanAheadRef() {
    if (isRefKeyword(cur())) {
      int next = peekWs();
      if (next == Tok.DOT || next == Tok.LBRACK) {
        forceIdent = true;
        return true;
      }
    }
    return false;
  }

  final boolean identOrRefKeyword() {
    int k = cur();
    if (k == Tok.IDENT) {
      return true;
    }
    if (isRefKeyword(k)) {
      forceIdent = true;
      return true;
    }
    return false;
  }

  // ---- moving

  final void start() {
    pos = 0;
    skippedNL = t.nlBefore[0];
    arrive();
  }

  /** Moves to the next token, skipping whitespace. */
  final void scan() {
    if (!onWs) {
      leave();
    }
    onWs = false;
    arrive();
  }

  /** Moves to the next token, stopping on whitespace if there is some. */
  final void scanWS() {
    if (onWs) {
      onWs = false;
      arrive();
      return;
    }
    if (leave() && t.wsBefore[pos]) {
      onWs = true;
    } else {
      arrive();
    }
  }

  private boolean leave() {
    lastEnd = t.ends[pos];
    forceIdent = false;
    if (pos < t.count - 1) {
      pos++;
      skippedNL = t.nlBefore[pos];
      return true;
    }
    skippedNL = false;
    return false;
  }

  private void arrive() {
    List<String> scanErrors = t.errors.get(pos);
    if (scanErrors != null) {
      for (String message : scanErrors) {
        error(t.location(pos), message);
      }
    }
  }

  final State save() {
    return new State(pos, onWs, forceIdent, lastEnd, skippedNL, errors.size(), hints);
  }

  final void restore(State s) {
    pos = s.pos();
    onWs = s.onWs();
    forceIdent = s.forceIdent();
    lastEnd = s.lastEnd();
    skippedNL = s.skippedNL();
    errors.subList(s.errorCount(), errors.size()).clear();
    hints = s.hints();
  }

  /**
   * Runs {@code attempt} from an earlier position {@code from}, then returns to where the cursor is
   * now, errors included: the attempt only answers a question.
   */
  final <T> T lookBack(State from, Supplier<T> attempt) {
    State now = save();
    List<RegoError> errorsNow = List.copyOf(errors);
    restore(from);
    try {
      return attempt.get();
    } finally {
      errors.clear();
      errors.addAll(errorsNow);
      restore(now);
    }
  }

  final Long memoKey() {
    return onWs ? null : ((long) mode << 40) | ((long) pos << 1) | (forceIdent ? 1 : 0);
  }

  // ---- errors

  final void error(Location at, String message) {
    String hint = hints.isEmpty() ? null : String.join(", ", hints);
    errors.add(new RegoError(RegoError.PARSE, message, at, hint));
    hints = List.of();
  }

  final void hint(String text) {
    List<String> more = new ArrayList<>(hints);
    more.add(text);
    hints = List.copyOf(more);
  }

  /** OPA's "unexpected X token: note", or "illegal token" on a token the scanner rejected. */
  final void illegal(String note) {
    int k = cur();
    if (k == Tok.ILLEGAL) {
      error(loc(), "illegal token");
      return;
    }
    if (k == Tok.IDENT
        && version == RegoVersion.V0
        && mode == NORMAL
        && !forceIdent
        && t.future[pos] != 0
        && hints.isEmpty()) {
      String kw = Tok.name(t.future[pos]);
      hint(
          "in Rego v0, `"
              + kw
              + "` is a keyword only after `import future.keywords."
              + kw
              + "` or `import rego.v1`");
    }
    String type = Tok.isKeyword(k) ? "keyword" : "token";
    error(loc(), "unexpected " + Tok.name(k) + " " + type + (note.isEmpty() ? "" : ": " + note));
  }

  /**
   * Counts one level of nesting. Past {@link #MAX_DEPTH} the whole parse stops with {@link
   * DepthExceeded}: whatever else it would report about such input is noise.
   */
  final void enter() {
    if (depth >= MAX_DEPTH) {
      throw new DepthExceeded(loc());
    }
    depth++;
  }

  final void exit() {
    depth--;
  }
}
