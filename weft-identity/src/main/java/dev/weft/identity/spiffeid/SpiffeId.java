package dev.weft.identity.spiffeid;

import java.util.List;
import java.util.Objects;

/**
 * A SPIFFE ID, {@code spiffe://<trust-domain>/<path>}, validated exactly as the SPIFFE ID standard
 * requires: scheme {@code spiffe}; a trust domain of lowercase letters, digits, '.', '-' and '_'
 * (at most 255 bytes); path segments of letters, digits, '.', '-' and '_', none empty, '.' or '..',
 * no trailing '/'; no port, user info, query, fragment or percent-encoding; at most 2048 bytes in
 * all.
 */
public final class SpiffeId implements Comparable<SpiffeId> {
  private final TrustDomain trustDomain;
  private final String path;

  private SpiffeId(TrustDomain trustDomain, String path) {
    this.trustDomain = trustDomain;
    this.path = path;
  }

  /**
   * Parses a SPIFFE ID.
   *
   * @throws InvalidSpiffeIdException naming the first rule the input breaks
   */
  public static SpiffeId parse(String input) {
    Objects.requireNonNull(input, "input");
    SpiffeIdRule broken = Syntax.idViolation(input);
    if (broken != null) {
      throw invalid(input, broken);
    }
    return new SpiffeId(TrustDomain.ofValidated(Syntax.authorityOf(input)), Syntax.pathOf(input));
  }

  /**
   * Builds a SPIFFE ID from a trust domain and path segments. Each segment is validated on its own,
   * so a segment may not contain '/' ({@link SpiffeIdRule#PATH_CHARACTERS}) nor be empty ({@link
   * SpiffeIdRule#EMPTY_SEGMENT}); no segments gives the trust domain's own ID.
   *
   * @throws InvalidSpiffeIdException naming the segment and the rule it breaks, or {@link
   *     SpiffeIdRule#TOO_LONG}
   */
  public static SpiffeId of(TrustDomain trustDomain, String... segments) {
    Objects.requireNonNull(trustDomain, "trustDomain");
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      Objects.requireNonNull(segment, "segment");
      SpiffeIdRule broken = Syntax.segmentViolation(segment);
      if (broken != null) {
        throw new InvalidSpiffeIdException("path segment", segment, broken);
      }
      path.append('/').append(segment);
    }
    return parse(trustDomain.idString() + path);
  }

  /** The trust domain this ID belongs to. */
  public TrustDomain trustDomain() {
    return trustDomain;
  }

  /** The path, {@code ""} or {@code "/seg/seg"}. */
  public String path() {
    return path;
  }

  /** The path segments, empty for a trust domain ID. */
  public List<String> segments() {
    return path.isEmpty() ? List.of() : List.of(path.substring(1).split("/"));
  }

  /** Whether this ID belongs to {@code td}. */
  public boolean isMemberOf(TrustDomain td) {
    return trustDomain.equals(td);
  }

  @Override
  public int compareTo(SpiffeId other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpiffeId other
        && trustDomain.equals(other.trustDomain)
        && path.equals(other.path);
  }

  @Override
  public int hashCode() {
    return 31 * trustDomain.hashCode() + path.hashCode();
  }

  /** The URI form, {@code spiffe://example.org/path}. */
  @Override
  public String toString() {
    return trustDomain.idString() + path;
  }

  private static InvalidSpiffeIdException invalid(String input, SpiffeIdRule rule) {
    return new InvalidSpiffeIdException("SPIFFE ID", input, rule);
  }
}
