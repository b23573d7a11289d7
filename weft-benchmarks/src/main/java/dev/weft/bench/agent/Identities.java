package dev.weft.bench.agent;

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
 * The two agents' identities, minted in code: one root for {@code aws.company.com} (a trust domain
 * of seed 000's federation data) issuing an EC P-256 X.509-SVID to each agent. Both agents being in
 * the same trust domain, seed 000's policy allows every action between them.
 */
final class Identities {
  static final TrustDomain DOMAIN = TrustDomain.parse("aws.company.com");
  static final SpiffeId SERVER = SpiffeId.parse("spiffe://aws.company.com/agent/echo");
  static final SpiffeId CALLER = SpiffeId.parse("spiffe://aws.company.com/agent/orchestrator");

  private final CertBuilder.Issued root = CertBuilder.selfSignedCa(DOMAIN.name()).build();
  final SwappableIdentitySource server = source(SERVER);
  final SwappableIdentitySource caller = source(CALLER);

  private SwappableIdentitySource source(SpiffeId id) {
    CertBuilder.Issued leaf = CertBuilder.svid(id.toString()).issuer(root).build();
    try {
      X509Svid svid = X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
      TrustBundle bundle = TrustBundle.ofX509(DOMAIN, List.of(root.cert()));
      return SwappableIdentitySource.of(new IdentitySnapshot(svid, BundleSet.of(bundle)));
    } catch (SvidException e) {
      throw new IllegalStateException("minting the SVID of " + id + " failed", e);
    }
  }
}
