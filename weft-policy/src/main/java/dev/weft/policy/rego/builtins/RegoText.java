package dev.weft.policy.rego.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;

/**
 * A value as OPA's {@code Term.String()} writes it: strings Go-quoted, object keys and set elements
 * in sort order, the empty set as {@code set()}.
 */
final class RegoText {

  private RegoText() {}

  static String of(Value v) {
    StringBuilder out = new StringBuilder();
    write(out, v);
    return out.toString();
  }

  private static void write(StringBuilder out, Value v) {
    switch (v) {
      case StringValue s -> out.append(GoQuote.quote(s.value()));
      case ArrayValue a -> {
        out.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          write(out, a.get(i));
        }
        out.append(']');
      }
      case ObjectValue o -> {
        out.append('{');
        boolean first = true;
        for (Value k : o.sortedKeys()) {
          if (!first) {
            out.append(", ");
          }
          first = false;
          write(out, k);
          out.append(": ");
          write(out, o.get(k));
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
          write(out, e);
        }
        out.append('}');
      }
      default -> out.append(v);
    }
  }
}
