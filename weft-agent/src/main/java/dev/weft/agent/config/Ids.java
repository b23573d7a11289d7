package dev.weft.agent.config;

import dev.weft.config.Problem;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;

/**
 * SPIFFE IDs and trust domains for {@link dev.weft.config.Section#value}: a value that breaks the
 * SPIFFE ID standard is refused naming the rule.
 */
final class Ids {
  static final String SPIFFE_ID = "a SPIFFE ID such as spiffe://example.org/agent";
  static final String TRUST_DOMAIN = "a trust domain such as example.org";

  private Ids() {}

  /**
   * @throws IllegalArgumentException in the one format, naming the rule broken
   */
  static SpiffeId spiffeId(String text) {
    try {
      return SpiffeId.parse(text);
    } catch (InvalidSpiffeIdException e) {
      throw refused("spiffe_id", text, SPIFFE_ID, e);
    }
  }

  /**
   * @throws IllegalArgumentException in the one format, naming the rule broken
   */
  static TrustDomain trustDomain(String text) {
    try {
      return TrustDomain.parse(text);
    } catch (InvalidSpiffeIdException e) {
      throw refused("trust_domain", text, TRUST_DOMAIN, e);
    }
  }

  private static IllegalArgumentException refused(
      String what, String text, String expected, InvalidSpiffeIdException e) {
    return new IllegalArgumentException(
        what
            + ": "
            + Problem.show(text)
            + " (expected: "
            + expected
            + "; "
            + e.rule().description()
            + ")",
        e);
  }
}
