package dev.weft.identity.spiffeid;

/**
 * The rules of the SPIFFE ID standard that {@link SpiffeId} and {@link TrustDomain} enforce, one
 * per error. {@link #description()} is the text that error messages end with.
 */
public enum SpiffeIdRule {
  /** The input is the empty string. */
  EMPTY("is empty"),
  /** The input does not start with {@code spiffe://} (the scheme is case-sensitive here). */
  SCHEME("scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)"),
  /** Nothing between {@code spiffe://} and the path. */
  MISSING_TRUST_DOMAIN("trust domain is missing"),
  /** A trust domain character outside [a-z0-9._-], uppercase letters included. */
  TRUST_DOMAIN_CHARACTERS(
      "trust domain may contain only lowercase letters, digits, '.', '-' and '_'"),
  /** A trust domain name of more than 255 bytes. */
  TRUST_DOMAIN_TOO_LONG("trust domain is longer than 255 bytes"),
  /** A trust domain was given as a SPIFFE ID with a path. */
  TRUST_DOMAIN_WITH_PATH(
      "a trust domain may not have a path (expected: <trust-domain> or spiffe://<trust-domain>)"),
  /** A ':' in the authority. */
  PORT("a port is not allowed"),
  /** An '@' in the authority. */
  USER_INFO("user info is not allowed"),
  /** A '?'. */
  QUERY("a query is not allowed"),
  /** A '#'. */
  FRAGMENT("a fragment is not allowed"),
  /** A '%'. */
  PERCENT_ENCODING("percent-encoding is not allowed"),
  /** A path that is not empty and does not start with '/'. */
  PATH_LEADING_SLASH("path must start with '/'"),
  /** Two consecutive '/', or an empty segment given on its own. */
  EMPTY_SEGMENT("path segments may not be empty"),
  /** A segment that is exactly '.' or '..'. */
  DOT_SEGMENT("path segments may not be '.' or '..'"),
  /** A path that ends with '/'. */
  TRAILING_SLASH("path may not end with '/'"),
  /** A path character outside [a-zA-Z0-9._-] (a '/' inside a single segment included). */
  PATH_CHARACTERS("path segments may contain only letters, digits, '.', '-' and '_'"),
  /** More than 2048 bytes in all. */
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
