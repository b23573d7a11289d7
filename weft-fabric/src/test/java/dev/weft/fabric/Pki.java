package dev.weft.fabric;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import java.util.List;

/**
 * Two federated trust domains, {@code a.test} and {@code b.test}, each with a root CA minted in
 * code; every source holds its own SVID and both bundles. {@code c.test} is a domain neither
 * federates with (its sources hold only their own bundle).
 */
public final class Pki {

  /** A trust domain with a root CA. */
  public record Domain(TrustDomain trustDomain, CertBuilder.Issued root) {
    static Domain create(String name) {
      return new Domain(TrustDomain.parse(name), CertBuilder.selfSignedCa(name).build());
    }

    public TrustBundle bundle() {
      return TrustBundle.ofX509(trustDomain, List.of(root.cert()));
    }

    public X509Svid svid(SpiffeId id) {
      CertBuilder.Issued leaf = CertBuilder.svid(id.toString()).issuer(root).build();
      try {
        return X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
      } catch (SvidException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public final Domain a = Domain.create("a.test");
  public final Domain b = Domain.create("b.test");
  public final Domain c = Domain.create("c.test");

  /** A source for {@code id} ({@code spiffe://a.test/...} or {@code b.test} or {@code c.test}). */
  public SwappableIdentitySource source(String id) {
    SpiffeId spiffeId = SpiffeId.parse(id);
    return SwappableIdentitySource.of(snapshot(spiffeId));
  }

  /** A fresh SVID for {@code id} with the federation's bundles. */
  public IdentitySnapshot snapshot(SpiffeId id) {
    Domain own =
        switch (id.trustDomain().name()) {
          case "a.test" -> a;
          case "b.test" -> b;
          case "c.test" -> c;
          default ->
              throw new IllegalArgumentException(
                  "id: " + id + " (expected: a.test, b.test or " + "c.test)");
        };
    BundleSet bundles = own == c ? BundleSet.of(c.bundle()) : BundleSet.of(a.bundle(), b.bundle());
    return new IdentitySnapshot(own.svid(id), bundles);
  }
}
