package dev.weft.identity.spiffeid;

import java.util.Objects;

/**
 * A SPIFFE trust domain, such as {@code example.org}: lowercase letters, digits, '.', '-' and '_',
 * at most 255 bytes. Immutable; equal names are equal trust domains.
 */
public final class TrustDomain implements Comparable<TrustDomain> {
  private final String name;

  private TrustDomain(String name) {
    this.name = name;
  }

  /**
   * Parses a trust domain given either as a bare name ({@code example.org}) or as a trust domain ID
   * ({@code spiffe://example.org}). Input that contains {@code ":/"} is read as a SPIFFE ID, so
   * {@code "spiffe:/example.org"} fails on {@link SpiffeIdRule#SCHEME}; an ID with a path fails on
   * {@link SpiffeIdRule#TRUST_DOMAIN_WITH_PATH}.
   *
   * @throws InvalidSpiffeIdException naming the broken rule
   */
  public static TrustDomain parse(String input) {
    Objects.requireNonNull(input, "input");
    if (input.isEmpty()) {
      throw invalid(input, SpiffeIdRule.EMPTY);
    }
    if (input.contains(":/")) {
      SpiffeIdRule broken = Syntax.idViolation(input);
      if (broken != null) {
        throw invalid(input, broken);
      }
      if (!Syntax.pathOf(input).isEmpty()) {
        throw invalid(input, SpiffeIdRule.TRUST_DOMAIN_WITH_PATH);
      }
      return new TrustDomain(Syntax.authorityOf(input));
    }
    SpiffeIdRule broken = Syntax.trustDomainViolation(input);
    if (broken != null) {
      throw invalid(input, broken);
    }
    return new TrustDomain(input);
  }

  /** Called by {@link SpiffeId#parse} once the name is known to be valid. */
  static TrustDomain ofValidated(String name) {
    return new TrustDomain(name);
  }

  /** The name, for example {@code example.org}. */
  public String name() {
    return name;
  }

  /** The trust domain's own SPIFFE ID, {@code spiffe://example.org}. */
  public String idString() {
    return Syntax.SCHEME_PREFIX + name;
  }

  /**
   * The SPIFFE ID with this trust domain and the given path ({@code "/a/b"}, or {@code ""} for the
   * trust domain's own ID).
   *
   * @throws InvalidSpiffeIdException if the path does not start with '/' ({@link
   *     SpiffeIdRule#PATH_LEADING_SLASH}) or the resulting ID is invalid
   */
  public SpiffeId id(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.isEmpty() && path.charAt(0) != '/') {
      throw new InvalidSpiffeIdException("SPIFFE ID path", path, SpiffeIdRule.PATH_LEADING_SLASH);
    }
    return SpiffeId.parse(idString() + path);
  }

  @Override
  public int compareTo(TrustDomain other) {
    return name.compareTo(other.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustDomain other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** The bare name. */
  @Override
  public String toString() {
    return name;
  }

  private static InvalidSpiffeIdException invalid(String input, SpiffeIdRule rule) {
    return new InvalidSpiffeIdException("trust domain", input, rule);
  }
}
