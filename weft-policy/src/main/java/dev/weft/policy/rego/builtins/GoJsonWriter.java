package dev.weft.policy.rego.builtins;

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
  private static final char[] HEX = "0123456789abcdef".toCharArray();

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
      case StringValue s -> string(out, s.value());
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
        Map<String, Value> sorted = new TreeMap<>(GoJsonWriter::compareUtf8);
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
          string(out, e.getKey());
          out.append(':');
          write(out, e.getValue());
        }
        out.append('}');
      }
      default -> out.append(v);
    }
  }

  /** Go's string order: by UTF-8 bytes, that is by code points. */
  static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Go's {@code encoding/json} string quoting with HTML escaping. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            out.append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(s.charAt(i - 1)))) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
