package dev.weft.trust.node;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.svid.X509Svid;

/**
 * The agent's own identity towards its trust server: its SVID and its trust domain's bundle.
 * Swapped atomically on renewal or bundle change; new handshakes use the latest.
 */
final class NodeIdentity implements IdentitySource {
  private volatile IdentitySnapshot snapshot;

  NodeIdentity(X509Svid svid, TrustBundle bundle) {
    this.snapshot = new IdentitySnapshot(svid, BundleSet.of(bundle));
  }

  @Override
  public IdentitySnapshot current() {
    return snapshot;
  }

  X509Svid svid() {
    return snapshot.svid();
  }

  synchronized void replaceSvid(X509Svid svid) {
    snapshot = new IdentitySnapshot(svid, snapshot.bundles());
  }

  /** Replaces the bundle; returns whether it changed. */
  synchronized boolean replaceBundle(TrustBundle bundle) {
    BundleSet next = BundleSet.of(bundle);
    if (next.equals(snapshot.bundles())) {
      return false;
    }
    snapshot = new IdentitySnapshot(snapshot.svid(), next);
    return true;
  }
}
