package dev.weft.identity.svid;

import java.util.ArrayList;
import java.util.List;

/**
 * Quotes values taken from an unverified token (kid, aud, typ, alg) for error messages: in
 * double quotes, control and non-ASCII characters escaped, cut to 64 characters, so a hostile
 * token cannot forge log lines or flood them.
 */
final class Quote {
  private static final int MAX_SHOWN = 64;

  private Quote() {}

  static String of(String value) {
    StringBuilder sb = new StringBuilder("\"");
    int shown = Math.min(value.length(), MAX_SHOWN);
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
    if (value.length() > MAX_SHOWN) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  /** {@code ["a", "b"]}, at most 5 values shown. */
  static String all(List<String> values) {
    List<String> quoted = new ArrayList<>();
    for (int i = 0; i < Math.min(values.size(), 5); i++) {
      quoted.add(of(values.get(i)));
    }
    if (values.size() > 5) {
      quoted.add("... (" + values.size() + " in all)");
    }
    return "[" + String.join(", ", quoted) + "]";
  }
}
