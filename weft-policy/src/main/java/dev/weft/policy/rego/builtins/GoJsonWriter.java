package dev.weft.policy.rego.builtins;

import dev.weft.policy.rego.value.GoText;
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

}
