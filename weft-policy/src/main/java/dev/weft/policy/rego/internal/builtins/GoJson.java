package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * JSON text as OPA reads it ({@code util.UnmarshalJSON}: Go's decoder with numbers kept as written,
 * the last of duplicate keys winning) with Go's error messages, e.g. {@code invalid character 'x'
 * looking for beginning of value} or {@code unexpected EOF}.
 */
final class GoJson {

  /** A JSON syntax error with Go's message. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }

  /** Go's {@code maxNestingDepth}. */
  private static final int MAX_DEPTH = 10_000;

  private final String s;
  private int pos;
  private int depth;

  private GoJson(String s) {
    this.s = s;
  }

  /** OPA's {@code util.UnmarshalJSON}: one value, then nothing but white space. */
  static Value unmarshal(String text) throws SyntaxError {
    GoJson p = new GoJson(text);
    p.skipSpace();
    if (p.pos >= text.length()) {
      throw new SyntaxError("EOF");
    }
    Value v = p.value("looking for beginning of value");
    p.skipSpace();
    if (p.pos < text.length()) {
      p.trailing();
    }
    return v;
  }

  /** Parses JSON text known to be valid (written by {@link GoJsonWriter}). */
  static Value unmarshalQuietly(String text) {
    try {
      return unmarshal(text);
    } catch (SyntaxError e) {
      throw new IllegalStateException("JSON written by GoJsonWriter did not parse", e);
    }
  }

  /** Go's {@code json.Valid}. */
  static boolean valid(String text) {
    GoJson p = new GoJson(text);
    try {
      p.skipSpace();
      p.value("looking for beginning of value");
      p.skipSpace();
      return p.pos == text.length();
    } catch (SyntaxError e) {
      return false;
    }
  }

  /** What {@code decoder.Token()} reports after the first value, as OPA words it. */
  private void trailing() throws SyntaxError {
    char c = s.charAt(pos);
    String token;
    switch (c) {
      case '{', '[' -> token = String.valueOf(c);
      case '}', ']', ':', ',' -> throw invalid("looking for beginning of value");
      default -> {
        Value v = value("looking for beginning of value");
        token =
            switch (v) {
              case NullValue n -> null;
              case BooleanValue b -> "%!s(bool=" + b + ")";
              case StringValue str -> str.value();
              default -> v.toString();
            };
      }
    }
    if (token != null) {
      throw new SyntaxError("error: invalid character '" + token + "' after top-level value");
    }
  }

  private void skipSpace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private SyntaxError invalid(String context) {
    int c = s.codePointAt(pos);
    return new SyntaxError("invalid character " + quoteChar(c) + " " + context);
  }

  private static String quoteChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    String q = GoQuote.quote(new String(Character.toChars(c)));
    return "'" + q.substring(1, q.length() - 1) + "'";
  }

  private SyntaxError eof() {
    return new SyntaxError("unexpected EOF");
  }

  /** An array or object being read; the parser keeps these on its own stack, not Java's. */
  private static final class Frame {
    final List<Value> items;
    final ObjectValue.Builder object;
    String key;

    Frame(boolean isObject) {
      items = isObject ? null : new ArrayList<>();
      object = isObject ? ObjectValue.builder() : null;
    }

    void add(Value v) {
      if (items != null) {
        items.add(v);
      } else {
        object.put(key, v);
      }
    }

    Value build() {
      return items != null ? ArrayValue.of(items) : object.build();
    }
  }

  private Value value(String context) throws SyntaxError {
    Deque<Frame> stack = new ArrayDeque<>();
    while (true) {
      Value v = start(stack, context);
      if (v == null) {
        continue;
      }
      while (true) {
        Frame f = stack.peek();
        if (f == null) {
          return v;
        }
        f.add(v);
        skipSpace();
        if (pos >= s.length()) {
          throw eof();
        }
        char c = s.charAt(pos);
        if (c == (f.items != null ? ']' : '}')) {
          pos++;
          depth--;
          stack.pop();
          v = f.build();
          continue;
        }
        if (c != ',') {
          throw invalid(f.items != null ? "after array element" : "after object key:value pair");
        }
        pos++;
        if (f.object != null) {
          key(f);
        }
        break;
      }
    }
  }

  /**
   * Reads the start of a value: a whole scalar or empty container (returned), or the opening of a
   * non-empty container (pushed; null returned).
   */
  private Value start(Deque<Frame> stack, String context) throws SyntaxError {
    skipSpace();
    if (pos >= s.length()) {
      throw eof();
    }
    char c = s.charAt(pos);
    switch (c) {
      case '[', '{' -> {
        if (++depth > MAX_DEPTH) {
          throw invalid("exceeded max depth");
        }
        pos++;
        skipSpace();
        char close = c == '[' ? ']' : '}';
        if (pos < s.length() && s.charAt(pos) == close) {
          pos++;
          depth--;
          return c == '[' ? ArrayValue.EMPTY : ObjectValue.EMPTY;
        }
        Frame f = new Frame(c == '{');
        stack.push(f);
        if (f.object != null) {
          key(f);
        }
        return null;
      }
      case '"' -> {
        return StringValue.of(string());
      }
      case 't' -> {
        return literal("true", BooleanValue.TRUE);
      }
      case 'f' -> {
        return literal("false", BooleanValue.FALSE);
      }
      case 'n' -> {
        return literal("null", NullValue.NULL);
      }
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw invalid(context);
      }
    }
  }

  /** An object key and its colon. */
  private void key(Frame f) throws SyntaxError {
    skipSpace();
    if (pos >= s.length()) {
      throw eof();
    }
    if (s.charAt(pos) != '"') {
      throw invalid("looking for beginning of object key string");
    }
    f.key = string();
    skipSpace();
    if (pos >= s.length()) {
      throw eof();
    }
    if (s.charAt(pos) != ':') {
      throw invalid("after object key");
    }
    pos++;
  }

  private Value literal(String word, Value v) throws SyntaxError {
    for (int i = 0; i < word.length(); i++, pos++) {
      if (pos >= s.length()) {
        throw eof();
      }
      if (s.charAt(pos) != word.charAt(i)) {
        throw invalid("in literal " + word + " (expecting '" + word.charAt(i) + "')");
      }
    }
    return v;
  }

  private Value number() throws SyntaxError {
    int start = pos;
    if (s.charAt(pos) == '-') {
      pos++;
      if (pos >= s.length()) {
        throw eof();
      }
      if (!digit()) {
        throw invalid("in numeric literal");
      }
    }
    if (s.charAt(pos) == '0') {
      pos++;
    } else {
      while (pos < s.length() && digit()) {
        pos++;
      }
    }
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      if (pos >= s.length()) {
        throw eof();
      }
      if (!digit()) {
        throw invalid("after decimal point in numeric literal");
      }
      while (pos < s.length() && digit()) {
        pos++;
      }
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      if (pos >= s.length()) {
        throw eof();
      }
      if (!digit()) {
        throw invalid("in exponent of numeric literal");
      }
      while (pos < s.length() && digit()) {
        pos++;
      }
    }
    return NumberValue.parse(s.substring(start, pos));
  }

  private boolean digit() {
    char c = s.charAt(pos);
    return c >= '0' && c <= '9';
  }

  private String string() throws SyntaxError {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw eof();
      }
      char c = s.charAt(pos);
      if (c == '"') {
        pos++;
        return replaceLoneSurrogates(out);
      }
      if (c < 0x20) {
        throw invalid("in string literal");
      }
      if (c != '\\') {
        out.append(c);
        pos++;
        continue;
      }
      pos++;
      if (pos >= s.length()) {
        throw eof();
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(unicodeEscape());
        default -> {
          pos--;
          throw invalid("in string escape code");
        }
      }
    }
  }

  /** Go decodes an unpaired surrogate escape as U+FFFD. */
  private static String replaceLoneSurrogates(StringBuilder out) {
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < out.length()
          && Character.isLowSurrogate(out.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        out.setCharAt(i, '\ufffd');
      }
    }
    return out.toString();
  }

  private char unicodeEscape() throws SyntaxError {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      if (pos >= s.length()) {
        throw eof();
      }
      int d = Character.digit(s.charAt(pos), 16);
      if (d < 0 || s.charAt(pos) >= 0x80) {
        throw invalid("in \\u hexadecimal character escape");
      }
      v = v * 16 + d;
      pos++;
    }
    return (char) v;
  }
}
