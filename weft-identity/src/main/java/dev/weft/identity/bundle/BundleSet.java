package dev.weft.identity.bundle;

import dev.weft.identity.spiffeid.TrustDomain;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Trust bundles keyed by trust domain, at most one per domain. Immutable. Bundles of different
 * trust domains are never merged: verification of an SVID looks up only the bundle of the SVID's
 * own trust domain.
 */
public final class BundleSet {
  private static final BundleSet EMPTY = new BundleSet(new TreeMap<>());

  private final Map<TrustDomain, TrustBundle> bundles;

  private BundleSet(TreeMap<TrustDomain, TrustBundle> bundles) {
    this.bundles = Collections.unmodifiableMap(bundles);
  }

  public static BundleSet empty() {
    return EMPTY;
  }

  /**
   * A set of the given bundles.
   *
   * @throws IllegalArgumentException if two bundles have the same trust domain
   */
  public static BundleSet of(Collection<TrustBundle> bundles) {
    TreeMap<TrustDomain, TrustBundle> map = new TreeMap<>();
    for (TrustBundle bundle : bundles) {
      if (map.put(bundle.trustDomain(), bundle) != null) {
        throw new IllegalArgumentException(
            "bundles: two bundles for trust domain "
                + bundle.trustDomain()
                + " (expected: one per trust domain)");
      }
    }
    return new BundleSet(map);
  }

  public static BundleSet of(TrustBundle... bundles) {
    return of(java.util.List.of(bundles));
  }

  /** The bundle of {@code trustDomain}, if present. */
  public Optional<TrustBundle> get(TrustDomain trustDomain) {
    return Optional.ofNullable(bundles.get(trustDomain));
  }

  /** A copy with {@code bundle} added, replacing any bundle of the same trust domain. */
  public BundleSet with(TrustBundle bundle) {
    TreeMap<TrustDomain, TrustBundle> map = new TreeMap<>(bundles);
    map.put(bundle.trustDomain(), bundle);
    return new BundleSet(map);
  }

  /** A copy without the bundle of {@code trustDomain}. */
  public BundleSet without(TrustDomain trustDomain) {
    TreeMap<TrustDomain, TrustBundle> map = new TreeMap<>(bundles);
    map.remove(trustDomain);
    return new BundleSet(map);
  }

  /** The bundles, ordered by trust domain name. */
  public Collection<TrustBundle> bundles() {
    return bundles.values();
  }

  public java.util.Set<TrustDomain> trustDomains() {
    return bundles.keySet();
  }

  public int size() {
    return bundles.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BundleSet other && bundles.equals(other.bundles);
  }

  @Override
  public int hashCode() {
    return bundles.hashCode();
  }

  @Override
  public String toString() {
    return "BundleSet" + bundles.keySet();
  }
}
