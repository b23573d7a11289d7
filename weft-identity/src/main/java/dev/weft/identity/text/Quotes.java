package dev.weft.identity.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Untrusted text in error messages and log lines, escaped and cut short, so that hostile input can
 * neither forge log lines nor flood them. {@link #of} quotes a value (an ID, a token field, a
 * request field); {@link #escape} keeps the text readable in a sentence (a policy's message, a
 * server's error).
 */
public final class Quotes {

  /** How many characters of an untrusted value a message shows unless told otherwise: 80. */
  public static final int MAX_SHOWN = 80;

  private Quotes() {}

  /** {@code value} as {@link #of(String, int)}, cut to {@link #MAX_SHOWN} characters. */
  public static String of(String value) {
    return of(value, MAX_SHOWN);
  }

  /**
   * {@code value} in double quotes, with {@code "} and {@code \} escaped by a backslash and control
   * and non-ASCII characters as {@code \}{@code uXXXX}, cut to {@code maxShown} characters with
   * "...".
   */
  public static String of(String value, int maxShown) {
    StringBuilder out = new StringBuilder("\"");
    append(out, value, maxShown, true);
    return out.append('"').toString();
  }

  /** {@code ["a", "b"]}: each value as {@link #of}, at most {@code maxValues} shown. */
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

  /**
   * {@code text} unquoted, with control characters (below U+0020, and U+007F) as {@code \}{@code
   * uXXXX} and every other character kept, cut to {@code maxShown} characters with "...".
   */
  public static String escape(String text, int maxShown) {
    return append(new StringBuilder(), text, maxShown, false).toString();
  }

  private static StringBuilder append(
      StringBuilder out, String text, int maxShown, boolean quoted) {
    int shown = Math.min(text.length(), maxShown);
    if (shown < text.length() && shown > 0 && Character.isHighSurrogate(text.charAt(shown - 1))) {
      shown--; // never cut a character in half
    }
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (quoted && (c == '"' || c == '\\')) {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || (quoted && c > 0x7e)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > maxShown) {
      out.append("...");
    }
    return out;
  }
}
