package dev.weft.identity.bundle;

import dev.weft.identity.spiffeid.TrustDomain;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The trust bundle of one trust domain: the X.509 authorities that sign its X.509-SVIDs, the JWT
 * authorities (by key ID) that sign its JWT-SVIDs, and the SPIFFE bundle metadata (sequence number,
 * refresh hint). Immutable; the {@code with...} methods return copies.
 */
public final class TrustBundle {
  private final TrustDomain trustDomain;
  private final List<X509Certificate> x509Authorities;
  private final Map<String, PublicKey> jwtAuthorities;
  private final OptionalLong sequence;
  private final Optional<Duration> refreshHint;

  private TrustBundle(
      TrustDomain trustDomain,
      List<X509Certificate> x509Authorities,
      Map<String, PublicKey> jwtAuthorities,
      OptionalLong sequence,
      Optional<Duration> refreshHint) {
    this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
    this.x509Authorities = List.copyOf(x509Authorities);
    for (Map.Entry<String, PublicKey> e : jwtAuthorities.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        throw new IllegalArgumentException(
            "jwtAuthorities: key ID "
                + (e.getKey() == null ? "null" : "\"\"")
                + " (expected: a non-empty kid)");
      }
      Objects.requireNonNull(e.getValue(), "jwtAuthorities[" + e.getKey() + "]");
    }
    this.jwtAuthorities = Collections.unmodifiableMap(new LinkedHashMap<>(jwtAuthorities));
    this.sequence = Objects.requireNonNull(sequence, "sequence");
    this.refreshHint = Objects.requireNonNull(refreshHint, "refreshHint");
  }

  /** An empty bundle (no authorities, no metadata) for {@code trustDomain}. */
  public static TrustBundle empty(TrustDomain trustDomain) {
    return new TrustBundle(
        trustDomain, List.of(), Map.of(), OptionalLong.empty(), Optional.empty());
  }

  /** A bundle holding X.509 authorities only. */
  public static TrustBundle ofX509(TrustDomain trustDomain, List<X509Certificate> authorities) {
    return empty(trustDomain).withX509Authorities(authorities);
  }

  /** A bundle holding JWT authorities only. */
  public static TrustBundle ofJwt(TrustDomain trustDomain, Map<String, PublicKey> authorities) {
    return empty(trustDomain).withJwtAuthorities(authorities);
  }

  public TrustDomain trustDomain() {
    return trustDomain;
  }

  /** The X.509 authorities (CA certificates), in bundle order. */
  public List<X509Certificate> x509Authorities() {
    return x509Authorities;
  }

  /** The JWT authorities by key ID ({@code kid}), in bundle order. */
  public Map<String, PublicKey> jwtAuthorities() {
    return jwtAuthorities;
  }

  /** The JWT authority with key ID {@code kid}. */
  public Optional<PublicKey> jwtAuthority(String kid) {
    return Optional.ofNullable(jwtAuthorities.get(kid));
  }

  /** {@code spiffe_sequence}, if the bundle carries one. */
  public OptionalLong sequence() {
    return sequence;
  }

  /** {@code spiffe_refresh_hint}, if the bundle carries one. */
  public Optional<Duration> refreshHint() {
    return refreshHint;
  }

  /** Whether the bundle holds neither X.509 nor JWT authorities. */
  public boolean isEmpty() {
    return x509Authorities.isEmpty() && jwtAuthorities.isEmpty();
  }

  /** A copy whose X.509 authorities are {@code authorities} (copied; no nulls). */
  public TrustBundle withX509Authorities(List<X509Certificate> authorities) {
    return new TrustBundle(trustDomain, authorities, jwtAuthorities, sequence, refreshHint);
  }

  /** A copy whose JWT authorities are {@code authorities} by key ID (copied, order kept). */
  public TrustBundle withJwtAuthorities(Map<String, PublicKey> authorities) {
    return new TrustBundle(trustDomain, x509Authorities, authorities, sequence, refreshHint);
  }

  /**
   * A copy with {@code spiffe_sequence} set.
   *
   * @throws IllegalArgumentException if {@code sequence} is negative
   */
  public TrustBundle withSequence(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 0)");
    }
    return new TrustBundle(
        trustDomain, x509Authorities, jwtAuthorities, OptionalLong.of(sequence), refreshHint);
  }

  /**
   * A copy with {@code spiffe_refresh_hint} set; the bundle format carries whole seconds, so {@link
   * SpiffeBundleFormat#write} rounds a fraction up.
   *
   * @throws IllegalArgumentException if {@code hint} is negative
   */
  public TrustBundle withRefreshHint(Duration hint) {
    Objects.requireNonNull(hint, "hint");
    if (hint.isNegative()) {
      throw new IllegalArgumentException("refreshHint: " + hint + " (expected: >= 0)");
    }
    return new TrustBundle(
        trustDomain, x509Authorities, jwtAuthorities, sequence, Optional.of(hint));
  }

  /**
   * This bundle's X.509 authorities together with {@code other}'s JWT authorities, which must
   * belong to the same trust domain. Used to join the two halves that the Workload API delivers
   * separately; bundles of different trust domains are never combined.
   *
   * @throws IllegalArgumentException if the trust domains differ
   */
  public TrustBundle withJwtAuthoritiesOf(TrustBundle other) {
    if (!trustDomain.equals(other.trustDomain)) {
      throw new IllegalArgumentException(
          "trust domain: " + other.trustDomain + " (expected: " + trustDomain + ")");
    }
    return withJwtAuthorities(other.jwtAuthorities);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustBundle other
        && trustDomain.equals(other.trustDomain)
        && x509Authorities.equals(other.x509Authorities)
        && keysEqual(jwtAuthorities, other.jwtAuthorities)
        && sequence.equals(other.sequence)
        && refreshHint.equals(other.refreshHint);
  }

  private static boolean keysEqual(Map<String, PublicKey> a, Map<String, PublicKey> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, PublicKey> e : a.entrySet()) {
      if (!java.util.Arrays.equals(e.getValue().getEncoded(), b.get(e.getKey()).getEncoded())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(trustDomain, x509Authorities, jwtAuthorities.keySet(), sequence);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    parts.add("x509Authorities=" + x509Authorities.size());
    parts.add("jwtAuthorities=" + jwtAuthorities.keySet());
    sequence.ifPresent(s -> parts.add("sequence=" + s));
    return "TrustBundle[" + trustDomain + ", " + String.join(", ", parts) + "]";
  }
}
