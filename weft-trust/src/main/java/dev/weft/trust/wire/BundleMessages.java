package dev.weft.trust.wire;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.Bundle;

/** {@link TrustBundle} to and from {@link Bundle} (the SPIFFE bundle format on the wire). */
public final class BundleMessages {
  private BundleMessages() {}

  public static Bundle toMessage(TrustBundle bundle) {
    return Bundle.newBuilder()
        .setTrustDomain(bundle.trustDomain().name())
        .setSpiffeBundle(SpiffeBundleFormat.write(bundle))
        .setSequence(bundle.sequence().orElse(0))
        .build();
  }

  /**
   * Parses {@code message}.
   *
   * @throws BundleException naming the bad field
   */
  public static TrustBundle fromMessage(Bundle message) throws BundleException {
    TrustDomain td;
    try {
      td = TrustDomain.parse(message.getTrustDomain());
    } catch (InvalidSpiffeIdException e) {
      throw new BundleException("bundle.trust_domain: " + e.getMessage(), e);
    }
    return SpiffeBundleFormat.parse(td, message.getSpiffeBundle());
  }
}
