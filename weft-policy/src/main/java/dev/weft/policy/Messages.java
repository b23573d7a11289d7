package dev.weft.policy;

/** Untrusted text in messages: quoted, control and non-ASCII characters escaped, cut short. */
final class Messages {

  /** How many characters of an untrusted value a message shows. */
  static final int MAX_SHOWN = 80;

  private Messages() {}

  /** {@code value} in double quotes, escaped, cut to {@link #MAX_SHOWN} characters with "...". */
  static String quote(String value) {
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
}
