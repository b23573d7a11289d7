package dev.weft.identity.spiffeid;

import java.util.Objects;

/**
 * A SPIFFE trust domain, such as {@code example.org}: lowercase letters, digits, '.', '-' and
 * '_', at most 255 bytes. Immutable; equal names are equal trust domains.
 */
public final class TrustDomain implements Comparable<TrustDomain> {
  private final String name;

  private TrustDomain(String name) {
    this.name = name;
  }

  /**
   * Parses a trust domain given either as a bare name ({@code example.org}) or as a trust domain
   * ID ({@code spiffe://example.org}, no path).
   *
   * @throws InvalidSpiffeIdException naming the broken rule
   */
  public static TrustDomain parse(String input) {
    Objects.requireNonNull(input, "input");
    if (input.isEmpty()) {
      throw new InvalidSpiffeIdException("trust domain", input, SpiffeIdRule.EMPTY);
    }
    String name = input;
    if (input.startsWith(Syntax.SCHEME_PREFIX)) {
      SpiffeId id = SpiffeId.parse(input);
      if (!id.path().isEmpty()) {
        throw new InvalidSpiffeIdException("trust domain", input, SpiffeIdRule.PATH_CHARACTERS);
      }
      return id.trustDomain();
    }
    if (input.contains("://")) {
      throw new InvalidSpiffeIdException("trust domain", input, SpiffeIdRule.SCHEME);
    }
    SpiffeIdRule broken = Syntax.trustDomainViolation(name);
    if (broken != null) {
      throw new InvalidSpiffeIdException("trust domain", input, broken);
    }
    return new TrustDomain(name);
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

  /** The SPIFFE ID with this trust domain and the given path ("/a/b" or ""). */
  public SpiffeId id(String path) {
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
}
