package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.internal.text.GoText;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A value as Go's {@code json.Marshal} writes OPA's JSON form: numbers as written, sets as sorted
 * arrays, object keys sorted (non-string keys as their JSON text), HTML characters escaped.
 */
final class GoJsonWriter {

  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

  private GoJsonWriter() {}

  /** Compact JSON text; fails like Go's encoder for a number literal that is not JSON. */
  static String write(Value v) throws BuiltinException {
    StringBuilder out = new StringBuilder();
    try {
      write(out, v);
    } catch (StackOverflowError e) {
      throw BuiltinException.failure("json: value nests too deeply");
    }
    return out.toString();
  }

  private static void write(StringBuilder out, Value v) throws BuiltinException {
    switch (v) {
      case StringValue s -> GoText.appendJson(out, s.value());
      case NumberValue n -> {
        String text = n.toString();
        if (!JSON_NUMBER.matcher(text).matches()) {
          throw BuiltinException.failure("json: invalid number literal " + GoQuote.quote(text));
        }
        out.append(text);
      }
      case ArrayValue a -> {
        out.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(out, a.get(i));
        }
        out.append(']');
      }
      case SetValue s -> write(out, ArrayValue.of(s.sorted()));
      case ObjectValue o -> {
        Map<String, Value> sorted = new TreeMap<>(GoText::compareCodePoints);
        for (Value k : o.sortedKeys()) {
          String key = k instanceof StringValue ks ? ks.value() : write(k);
          sorted.put(key, o.get(k));
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Value> e : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          GoText.appendJson(out, e.getKey());
          out.append(':');
          write(out, e.getValue());
        }
        out.append('}');
      }
      default -> out.append(v);
    }
  }

  /**
   * Go's {@code json.Indent} over compact JSON text: each element on its own line after {@code
   * prefix} and one {@code indent} per level, {@code ": "} between key and value, empty arrays and
   * objects kept as {@code []} and {@code {}}. The first line has no prefix, as in Go.
   */
  static String indent(String compact, String prefix, String indent) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\') {
          out.append(compact.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          inString = true;
          out.append(c);
        }
        case '{', '[' -> {
          char close = c == '{' ? '}' : ']';
          if (i + 1 < compact.length() && compact.charAt(i + 1) == close) {
            out.append(c).append(close);
            i++;
          } else {
            out.append(c);
            depth++;
            newline(out, prefix, indent, depth);
          }
        }
        case '}', ']' -> {
          depth--;
          newline(out, prefix, indent, depth);
          out.append(c);
        }
        case ',' -> {
          out.append(c);
          newline(out, prefix, indent, depth);
        }
        case ':' -> out.append(": ");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void newline(StringBuilder out, String prefix, String indent, int depth) {
    out.append('\n').append(prefix).append(indent.repeat(depth));
  }
}
