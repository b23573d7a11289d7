package dev.weft.identity.workloadapi;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.svid.X509Svid;
import java.util.List;
import java.util.Objects;

/**
 * One answer of {@code FetchX509SVID}: the caller's X.509-SVIDs, in the agent's order, and the
 * X.509 bundles it may verify peers with (the bundle of each SVID's own trust domain and the
 * federated bundles), one per trust domain. Immutable.
 *
 * @param svids the SVIDs, never empty; the first is the default
 * @param bundles X.509 authorities per trust domain
 */
public record X509Context(List<X509Svid> svids, BundleSet bundles) {
  public X509Context {
    svids = List.copyOf(svids);
    if (svids.isEmpty()) {
      throw new IllegalArgumentException("svids: [] (expected: at least one SVID)");
    }
    Objects.requireNonNull(bundles, "bundles");
  }

  /** The first SVID, the one the Workload API standard calls the default. */
  public X509Svid defaultSvid() {
    return svids.getFirst();
  }
}
