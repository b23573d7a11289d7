package dev.weft.identity.spiffeid;

import java.io.Serial;

/**
 * A string is not a valid SPIFFE ID or trust domain. {@link #rule()} says which rule of the
 * SPIFFE ID standard it broke; the message quotes the input and names the rule.
 */
public final class InvalidSpiffeIdException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  private final SpiffeIdRule rule;

  InvalidSpiffeIdException(String kind, String input, SpiffeIdRule rule) {
    super("invalid " + kind + " " + quote(input) + ": " + rule.description());
    this.rule = rule;
  }

  /** The rule that the input broke. */
  public SpiffeIdRule rule() {
    return rule;
  }

  private static String quote(String input) {
    String shown = input.length() > 80 ? input.substring(0, 77) + "..." : input;
    return '"' + shown + '"';
  }
}
