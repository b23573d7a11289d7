package dev.weft.policy.rego.internal.text;

/**
 * Strings as Go handles them, for output and ordering that must match OPA: comparison by UTF-8
 * bytes, and {@code encoding/json} quoting.
 */
public final class GoText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoText() {}

  /** Go's string order: by UTF-8 bytes, which is the order of code points. */
  public static int compareCodePoints(String a, String b) {
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

  /**
   * Appends {@code s} as Go's {@code encoding/json} writes a string: HTML-safe ({@code < > &} and
   * U+2028/U+2029 escaped), {@code \b \f \n \r \t}, other controls as {@code \}{@code u00XX}, and a
   * lone surrogate (invalid UTF-8 to Go) as U+FFFD.
   */
  public static void appendJson(StringBuilder out, String s) {
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
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
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
