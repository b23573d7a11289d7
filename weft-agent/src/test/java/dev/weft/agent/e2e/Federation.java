package dev.weft.agent.e2e;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Three federated trust domains (the clouds of seed 000), each with its own root CA minted in code,
 * plus one domain nobody federates with. Every agent's source holds its own SVID and the bundles of
 * the three clouds.
 */
final class Federation {

  static final SpiffeId ORCHESTRATOR =
      SpiffeId.parse("spiffe://aws.company.com/agent/orchestrator");
  static final SpiffeId SEARCH = SpiffeId.parse("spiffe://gcp.company.com/agent/search");
  static final SpiffeId PROCESSOR = SpiffeId.parse("spiffe://azure.company.com/agent/processor");
  static final SpiffeId USER = SpiffeId.parse("spiffe://aws.company.com/weft/user/test");

  /** A trust domain with a root CA. */
  record Domain(TrustDomain trustDomain, CertBuilder.Issued root) {

    static Domain create(String name) {
      return new Domain(TrustDomain.parse(name), CertBuilder.selfSignedCa(name).build());
    }

    /** An SVID for {@code id} signed by the root, valid for an hour. */
    X509Svid svid(SpiffeId id) {
      CertBuilder.Issued leaf = CertBuilder.svid(id.toString()).issuer(root).build();
      return svid(List.of(leaf.cert()), leaf);
    }

    /**
     * An SVID for {@code id} valid from {@code notBefore} to {@code notAfter}, signed by a new
     * intermediate CA of this domain (so the chain is leaf, intermediate).
     */
    X509Svid shortLivedSvid(SpiffeId id, Instant notBefore, Instant notAfter) {
      CertBuilder.Issued intermediate =
          CertBuilder.ca(trustDomain.name()).issuer(root).validity(notBefore, notAfter).build();
      CertBuilder.Issued leaf =
          CertBuilder.svid(id.toString())
              .issuer(intermediate)
              .validity(notBefore, notAfter)
              .build();
      return svid(List.of(leaf.cert(), intermediate.cert()), leaf);
    }

    TrustBundle bundle() {
      return TrustBundle.ofX509(trustDomain, List.of(root.cert()));
    }

    private static X509Svid svid(List<X509Certificate> chain, CertBuilder.Issued leaf) {
      try {
        return X509Svid.of(chain, leaf.privateKey(), "");
      } catch (SvidException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  final Domain aws = Domain.create("aws.company.com");
  final Domain gcp = Domain.create("gcp.company.com");
  final Domain azure = Domain.create("azure.company.com");

  /** A domain none of the three federates with. */
  final Domain rogue = Domain.create("rogue.example.com");

  Domain domainOf(SpiffeId id) {
    for (Domain d : List.of(aws, gcp, azure, rogue)) {
      if (d.trustDomain().equals(id.trustDomain())) {
        return d;
      }
    }
    throw new IllegalArgumentException("id: " + id + " (expected: a domain of this federation)");
  }

  /** A source with an SVID for {@code id} and the bundles of the three clouds. */
  SwappableIdentitySource source(SpiffeId id) {
    return SwappableIdentitySource.of(snapshot(domainOf(id).svid(id)));
  }

  /** {@code svid} with the bundles of the three clouds, plus its own domain's. */
  IdentitySnapshot snapshot(X509Svid svid) {
    List<TrustBundle> bundles =
        new ArrayList<>(List.of(aws.bundle(), gcp.bundle(), azure.bundle()));
    Domain own = domainOf(svid.id());
    if (own == rogue) {
      bundles.add(rogue.bundle());
    }
    return new IdentitySnapshot(svid, BundleSet.of(bundles));
  }
}
