package dev.weft.controller;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 003's trust domains, {@code admin.test}, {@code cluster-a.test} and {@code cluster-b.test},
 * each with a root CA minted in code and federated with the two others (every source holds the
 * three bundles), and {@code outside.test}, which nobody federates with.
 */
final class Federation {

  static final String ADMIN = "admin.test";
  static final String CLUSTER_A = "cluster-a.test";
  static final String CLUSTER_B = "cluster-b.test";
  static final String OUTSIDE = "outside.test";

  private final Map<String, CertBuilder.Issued> roots = new LinkedHashMap<>();

  Federation() {
    for (String td : List.of(ADMIN, CLUSTER_A, CLUSTER_B, OUTSIDE)) {
      roots.put(td, CertBuilder.selfSignedCa(td).build());
    }
  }

  /** A source for {@code id}, with the bundles its trust domain holds. */
  SwappableIdentitySource source(String id) {
    SpiffeId spiffeId = SpiffeId.parse(id);
    String td = spiffeId.trustDomain().name();
    CertBuilder.Issued root = roots.get(td);
    if (root == null) {
      throw new IllegalArgumentException("id: " + id + " (expected: a trust domain of the test)");
    }
    CertBuilder.Issued leaf = CertBuilder.svid(id).issuer(root).build();
    X509Svid svid;
    try {
      svid = X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
    } catch (SvidException e) {
      throw new IllegalStateException(e);
    }
    List<TrustBundle> bundles = new ArrayList<>();
    if (td.equals(OUTSIDE)) {
      bundles.add(bundle(OUTSIDE));
    } else {
      for (String member : List.of(ADMIN, CLUSTER_A, CLUSTER_B)) {
        bundles.add(bundle(member));
      }
    }
    return SwappableIdentitySource.of(
        new IdentitySnapshot(svid, BundleSet.of(bundles.toArray(TrustBundle[]::new))));
  }

  private TrustBundle bundle(String td) {
    return TrustBundle.ofX509(TrustDomain.parse(td), List.of(roots.get(td).cert()));
  }
}
