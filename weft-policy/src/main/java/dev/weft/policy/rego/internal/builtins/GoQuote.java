package dev.weft.policy.rego.internal.builtins;

/** Go's string quoting ({@code strconv.Quote}), which OPA's messages and term text use. */
final class GoQuote {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoQuote() {}

  /** {@code strconv.Quote(s)}. */
  static String quote(String s) {
    return quote(s, '"', false);
  }

  /** {@code strconv.QuoteToASCII(s)}. */
  static String quoteAscii(String s) {
    return quote(s, '"', true);
  }

  /** {@code strconv.QuoteRune(c)}. */
  static String quoteRune(int c) {
    return quote(new String(Character.toChars(c)), '\'', false);
  }

  static String quote(String s, char q, boolean ascii) {
    StringBuilder out = new StringBuilder(s.length() + 2).append(q);
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      appendEscaped(out, c, q, ascii);
    }
    return out.append(q).toString();
  }

  private static void appendEscaped(StringBuilder out, int c, char q, boolean ascii) {
    if (c == q || c == '\\') {
      out.append('\\').appendCodePoint(c);
      return;
    }
    if (isPrint(c) && (!ascii || c < 0x80)) {
      out.appendCodePoint(c);
      return;
    }
    switch (c) {
      case 7 -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 11 -> out.append("\\v");
      default -> {
        if (c < ' ' || c == 0x7f) {
          out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        } else if (Character.isSurrogate((char) c) && c < 0x10000) {
          out.append("\\ufffd");
        } else if (c < 0x10000) {
          out.append("\\u");
          hex(out, c, 4);
        } else {
          out.append("\\U");
          hex(out, c, 8);
        }
      }
    }
  }

  private static void hex(StringBuilder out, int c, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(HEX[(c >> shift) & 0xf]);
    }
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ' '. */
  static boolean isPrint(int c) {
    if (c < 0x80) {
      return c >= 0x20 && c < 0x7f;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** The quoting of Go's {@code time} package (non-ASCII and control bytes as {@code \xNN}). */
  static String timeQuote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (byte b : utf8) {
      int c = b & 0xff;
      if (c >= 0x80 || c < ' ') {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append((char) c);
      }
    }
    return out.append('"').toString();
  }
}
