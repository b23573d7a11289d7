package dev.weft.identity.spiffeid;

/** The rules of the SPIFFE ID standard that {@link SpiffeId#parse} enforces, one per error. */
public enum SpiffeIdRule {
  EMPTY("is empty"),
  SCHEME("scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)"),
  MISSING_TRUST_DOMAIN("trust domain is missing"),
  TRUST_DOMAIN_CHARACTERS(
      "trust domain may contain only lowercase letters, digits, '.', '-' and '_'"),
  TRUST_DOMAIN_TOO_LONG("trust domain is longer than 255 bytes"),
  PORT("a port is not allowed"),
  USER_INFO("user info is not allowed"),
  QUERY("a query is not allowed"),
  FRAGMENT("a fragment is not allowed"),
  PERCENT_ENCODING("percent-encoding is not allowed"),
  EMPTY_SEGMENT("path segments may not be empty"),
  DOT_SEGMENT("path segments may not be '.' or '..'"),
  TRAILING_SLASH("path may not end with '/'"),
  PATH_CHARACTERS("path segments may contain only letters, digits, '.', '-' and '_'"),
  TOO_LONG("is longer than 2048 bytes");

  private final String description;

  SpiffeIdRule(String description) {
    this.description = description;
  }

  /** What the rule requires, as it appears in error messages. */
  public String description() {
    return description;
  }
}
