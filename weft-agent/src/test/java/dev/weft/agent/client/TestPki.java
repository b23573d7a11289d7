package dev.weft.agent.client;

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

/** A trust domain with a root CA minted in code, issuing SVIDs into swappable sources. */
final class TestPki {
  private final TrustDomain trustDomain;
  private final CertBuilder.Issued root;

  private TestPki(String name) {
    this.trustDomain = TrustDomain.parse(name);
    this.root = CertBuilder.selfSignedCa(name).build();
  }

  static TestPki create(String name) {
    return new TestPki(name);
  }

  SpiffeId id(String path) {
    return SpiffeId.parse("spiffe://" + trustDomain.name() + path);
  }

  /** A source presenting an SVID for {@code path} and trusting this domain. */
  SwappableIdentitySource source(String path) {
    CertBuilder.Issued leaf = CertBuilder.svid(id(path).toString()).issuer(root).build();
    try {
      X509Svid svid = X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
      TrustBundle bundle = TrustBundle.ofX509(trustDomain, List.of(root.cert()));
      return SwappableIdentitySource.of(new IdentitySnapshot(svid, BundleSet.of(bundle)));
    } catch (SvidException e) {
      throw new IllegalStateException(e);
    }
  }
}
