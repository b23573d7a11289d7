package dev.weft.policy.rego.value;

/**
 * Writes values as Rego terms (the form {@code sprintf("%v")} and {@code print} use), object keys
 * and set elements in OPA's order.
 */
final class ValueFormat {

  private ValueFormat() {}

  static String rego(Value v) {
    return rego(v, ValueFormat::quote);
  }

  /** The value as a Rego term, strings quoted by {@code quote}. */
  static String rego(Value v, java.util.function.UnaryOperator<String> quote) {
    StringBuilder out = new StringBuilder();
    write(out, v, quote);
    return out.toString();
  }

  private static void write(
      StringBuilder out, Value v, java.util.function.UnaryOperator<String> quote) {
    switch (v) {
      case StringValue s -> out.append(quote.apply(s.value()));
      case ArrayValue a -> {
        out.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          write(out, a.get(i), quote);
        }
        out.append(']');
      }
      case ObjectValue o -> {
        out.append('{');
        boolean first = true;
        for (Value key : o.sortedKeys()) {
          if (!first) {
            out.append(", ");
          }
          first = false;
          write(out, key, quote);
          out.append(": ");
          write(out, o.get(key), quote);
        }
        out.append('}');
      }
      case SetValue s -> {
        if (s.size() == 0) {
          out.append("set()");
          return;
        }
        out.append('{');
        boolean first = true;
        for (Value e : s.sorted()) {
          if (!first) {
            out.append(", ");
          }
          first = false;
          write(out, e, quote);
        }
        out.append('}');
      }
      default -> out.append(v);
    }
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    quote(out, s);
    return out.toString();
  }

  /** JSON string quoting, as Go's encoder writes it (without HTML escaping). */
  static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
