package dev.weft.identity.spiffeid;

import dev.weft.identity.text.Quotes;
import java.io.Serial;

/**
 * A string is not a valid SPIFFE ID, trust domain, path or path segment. {@link #rule()} says which
 * rule of the SPIFFE ID standard it broke; the message quotes the input and names the rule, for
 * example {@code invalid SPIFFE ID "spiffe://example.org/": path may not end with '/'}.
 *
 * <p>The quoted input is cut to 80 characters, and control and non-ASCII characters are shown as
 * {@code \\uXXXX} escapes, so a hostile input cannot forge log lines.
 */
public final class InvalidSpiffeIdException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  private static final int MAX_SHOWN = 80;

  /** The rule broken; enums are serializable, so the field may stay non-transient. */
  private final SpiffeIdRule rule;

  InvalidSpiffeIdException(String kind, String input, SpiffeIdRule rule) {
    super("invalid " + kind + " " + quote(input) + ": " + rule.description());
    this.rule = rule;
  }

  /** The rule that the input broke. */
  public SpiffeIdRule rule() {
    return rule;
  }

  /** {@code input} in double quotes, escaped, and cut to 80 characters with "...". */
  static String quote(String input) {
    return Quotes.of(input, MAX_SHOWN);
  }
}
