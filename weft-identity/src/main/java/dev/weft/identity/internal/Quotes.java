package dev.weft.identity.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Quotes untrusted values (parsed IDs, token fields) for error messages: in double quotes,
 * control and non-ASCII characters escaped, cut short, so hostile input can neither forge log
 * lines nor flood them.
 */
public final class Quotes {
  private Quotes() {}

  /** {@code value} in double quotes, escaped, cut to {@code maxShown} characters with "...". */
  public static String of(String value, int maxShown) {
    StringBuilder sb = new StringBuilder("\"");
    int shown = Math.min(value.length(), maxShown);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (value.length() > maxShown) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  /** {@code ["a", "b"]}: each value quoted, at most {@code maxValues} shown. */
  public static String all(List<String> values, int maxShown, int maxValues) {
    List<String> quoted = new ArrayList<>();
    for (int i = 0; i < Math.min(values.size(), maxValues); i++) {
      quoted.add(of(values.get(i), maxShown));
    }
    if (values.size() > maxValues) {
      quoted.add("... (" + values.size() + " in all)");
    }
    return "[" + String.join(", ", quoted) + "]";
  }
}
