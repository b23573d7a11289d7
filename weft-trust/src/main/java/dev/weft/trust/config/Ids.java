package dev.weft.trust.config;

import dev.weft.config.ConfigException;
import dev.weft.config.Section;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.TrustDomain;
import java.util.Optional;

/**
 * Trust domains and SPIFFE IDs in the files, with the rule of the SPIFFE ID standard they break.
 */
final class Ids {
  static final String TRUST_DOMAIN = "a trust domain such as example.org";

  private Ids() {}

  static Optional<TrustDomain> trustDomain(Section s, String name) throws ConfigException {
    Optional<String> text = s.string(name, TRUST_DOMAIN);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TrustDomain.parse(text.get()));
    } catch (InvalidSpiffeIdException e) {
      throw s.error(name, TRUST_DOMAIN + "; " + e.rule().description());
    }
  }
}
