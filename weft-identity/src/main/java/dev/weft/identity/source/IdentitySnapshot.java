package dev.weft.identity.source;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.svid.X509Svid;
import java.util.Objects;

/**
 * One consistent view of a workload's identity: the X.509-SVID it presents and the bundles it
 * verifies peers with (its own trust domain and the federated ones it may see). Immutable.
 *
 * @param svid the SVID to present
 * @param bundles the bundles to verify peers against, one per trust domain
 */
public record IdentitySnapshot(X509Svid svid, BundleSet bundles) {
  public IdentitySnapshot {
    Objects.requireNonNull(svid, "svid");
    Objects.requireNonNull(bundles, "bundles");
  }
}
