package dev.weft.trust.workload;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.trust.registration.Selector;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;

/**
 * What the Workload API serves from: the node agent's cache of the SVIDs it holds for its
 * registration entries and of the bundles they may see. Implemented by the node agent; thread-safe.
 */
public interface WorkloadIdentities {

  /** The agent's own trust domain. */
  TrustDomain trustDomain();

  /** The current state; immutable, replaced as a whole on every change. */
  Snapshot snapshot();

  /**
   * Registers {@code listener}, run after every change of {@link #snapshot()} (SVID rotation, entry
   * change, bundle change). Listeners run on an agent thread and must not block. Closing the
   * returned handle removes the listener.
   */
  AutoCloseable subscribe(Runnable listener);

  /**
   * A JWT-SVID of {@code identity} for {@code audience}; implementations cache tokens until half
   * their lifetime.
   *
   * @throws SvidException if none can be had (for example the trust server is unreachable)
   */
  JwtSvid jwtSvid(Identity identity, Set<String> audience) throws SvidException;

  /**
   * One registration entry the agent serves, with the X.509-SVID it currently holds for it.
   *
   * @param entryId the registration entry's ID
   * @param svid the current X.509-SVID (its ID is the entry's SPIFFE ID)
   * @param selectors the entry's selectors; a workload matches if it shows all of them
   * @param federatesWith trust domains whose bundles workloads of this entry may see
   * @param hint the entry's hint, empty if none
   */
  record Identity(
      String entryId,
      X509Svid svid,
      SortedSet<Selector> selectors,
      SortedSet<TrustDomain> federatesWith,
      String hint) {
    public Identity {
      Objects.requireNonNull(entryId, "entryId");
      Objects.requireNonNull(svid, "svid");
      selectors = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(selectors));
      federatesWith =
          java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(federatesWith));
      hint = hint == null ? "" : hint;
    }
  }

  /**
   * The agent's state at one moment.
   *
   * @param identities the entries with a current SVID, in a stable order (the first matching one is
   *     a workload's default SVID)
   * @param bundles the agent's own bundle and every federated bundle it holds
   */
  record Snapshot(List<Identity> identities, BundleSet bundles) {
    public Snapshot {
      identities = List.copyOf(identities);
      Objects.requireNonNull(bundles, "bundles");
    }

    /** The identities whose selectors are all among {@code workloadSelectors}. */
    public List<Identity> matching(Set<Selector> workloadSelectors) {
      return identities.stream().filter(i -> workloadSelectors.containsAll(i.selectors())).toList();
    }
  }
}
