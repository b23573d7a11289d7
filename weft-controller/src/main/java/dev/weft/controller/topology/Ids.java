package dev.weft.controller.topology;

import dev.weft.identity.text.Quotes;

/** The one rule for node, domain and segment names: 1 to 63 of {@code [A-Za-z0-9._-]}. */
final class Ids {
  private static final int MAX = 63;

  private Ids() {}

  /** Checks {@code value}; {@code what} names it in the error. */
  static void check(String what, String value) {
    if (value == null || value.isEmpty() || value.length() > MAX || !allowed(value)) {
      throw new IllegalArgumentException(
          what
              + ": "
              + (value == null ? "null" : Quotes.of(value))
              + " (expected: 1 to "
              + MAX
              + " characters of [A-Za-z0-9._-])");
    }
  }

  private static boolean allowed(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
