package dev.weft.identity.tls;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a peer, already authenticated by its X.509-SVID, may connect. Runs during the TLS
 * handshake, after the peer's chain verified against the bundle of its own trust domain, so it sees
 * only genuine SPIFFE IDs. Must be fast, must not block and must be thread-safe.
 */
@FunctionalInterface
public interface PeerAuthorizer {
  /** Whether {@code peer} may connect, and if not, why. */
  Decision authorize(SpiffeId peer);

  /**
   * Any peer whose SVID verifies. Since verification needs the bundle of the peer's trust domain,
   * this still admits only the domains the identity source holds bundles for.
   */
  static PeerAuthorizer any() {
    return peer -> Decision.allow();
  }

  /**
   * Peers of the given trust domains only.
   *
   * @throws IllegalArgumentException if no trust domain is given
   */
  static PeerAuthorizer memberOf(TrustDomain... trustDomains) {
    Set<TrustDomain> allowed = new TreeSet<>(Arrays.asList(trustDomains));
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("trustDomains: [] (expected: at least one)");
    }
    return peer ->
        allowed.contains(peer.trustDomain())
            ? Decision.allow()
            : Decision.deny("trust domain " + peer.trustDomain() + " is not one of " + allowed);
  }

  /**
   * Exactly the given SPIFFE IDs.
   *
   * @throws IllegalArgumentException if no ID is given
   */
  static PeerAuthorizer exactly(SpiffeId... ids) {
    Set<SpiffeId> allowed = new TreeSet<>(Arrays.asList(ids));
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("ids: [] (expected: at least one)");
    }
    return peer ->
        allowed.contains(peer) ? Decision.allow() : Decision.deny("not one of " + allowed);
  }

  /**
   * The outcome of {@link #authorize}.
   *
   * @param allowed whether the peer may connect
   * @param reason why not; empty when allowed
   */
  record Decision(boolean allowed, String reason) {
    private static final Decision ALLOW = new Decision(true, "");

    public Decision {
      Objects.requireNonNull(reason, "reason");
      if (!allowed && reason.isBlank()) {
        throw new IllegalArgumentException("reason: \"\" (expected: why the peer is rejected)");
      }
    }

    public static Decision allow() {
      return ALLOW;
    }

    public static Decision deny(String reason) {
      return new Decision(false, reason);
    }
  }
}
