package dev.weft.identity.svid;

import dev.weft.identity.text.Quotes;
import java.util.List;

/**
 * Quotes values taken from an unverified token (kid, aud, typ, alg) for error messages: cut to 64
 * characters each, at most 5 values of a list.
 */
final class Quote {
  private static final int MAX_SHOWN = 64;
  private static final int MAX_VALUES = 5;

  private Quote() {}

  static String of(String value) {
    return Quotes.of(value, MAX_SHOWN);
  }

  static String all(List<String> values) {
    return Quotes.all(values, MAX_SHOWN, MAX_VALUES);
  }
}
