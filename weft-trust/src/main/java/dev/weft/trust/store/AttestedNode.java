package dev.weft.trust.store;

import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A node agent that has attested to the trust server. Instants are stored to the millisecond.
 *
 * <p>Like SPIRE's attested nodes, an agent has one current X.509-SVID and, between a renewal and
 * the first call that presents the renewed SVID, a new one: the node API accepts either (each until
 * it expires), and the first call with the new one makes it current, so that the old one is refused
 * from then on.
 *
 * @param id the agent's SPIFFE ID
 * @param serialNumber the serial number of the agent's current X.509-SVID (lower-case hex)
 * @param svidExpiresAt when that SVID expires
 * @param attestedAt when the agent last attested
 * @param banned a banned agent's calls are refused and it may not attest again until it is evicted
 *     (its record deleted)
 * @param newSerialNumber the serial number of the SVID issued by the last renewal, until a call
 *     presents it
 * @param newSvidExpiresAt when that SVID expires; present exactly when {@code newSerialNumber} is
 */
public record AttestedNode(
    SpiffeId id,
    String serialNumber,
    Instant svidExpiresAt,
    Instant attestedAt,
    boolean banned,
    Optional<String> newSerialNumber,
    Optional<Instant> newSvidExpiresAt) {
  public AttestedNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(svidExpiresAt, "svidExpiresAt");
    Objects.requireNonNull(attestedAt, "attestedAt");
    Objects.requireNonNull(newSerialNumber, "newSerialNumber");
    Objects.requireNonNull(newSvidExpiresAt, "newSvidExpiresAt");
    if (newSerialNumber.isPresent() != newSvidExpiresAt.isPresent()) {
      throw new IllegalArgumentException(
          "newSvidExpiresAt: "
              + newSvidExpiresAt.map(Instant::toString).orElse("none")
              + " (expected: present exactly when newSerialNumber is)");
    }
  }

  /** An agent with no renewed SVID pending. */
  public AttestedNode(
      SpiffeId id, String serialNumber, Instant svidExpiresAt, Instant attestedAt, boolean banned) {
    this(id, serialNumber, svidExpiresAt, attestedAt, banned, Optional.empty(), Optional.empty());
  }

  /**
   * This agent after a renewal issued the SVID with {@code serial}, expiring at {@code expiresAt}.
   */
  public AttestedNode renewed(String serial, Instant expiresAt) {
    return new AttestedNode(
        id,
        serialNumber,
        svidExpiresAt,
        attestedAt,
        banned,
        Optional.of(serial),
        Optional.of(expiresAt));
  }

  /** This agent with its new SVID made current. */
  public AttestedNode promoted() {
    if (newSerialNumber.isEmpty()) {
      return this;
    }
    return new AttestedNode(
        id,
        newSerialNumber.get(),
        newSvidExpiresAt.orElseThrow(),
        attestedAt,
        banned,
        Optional.empty(),
        Optional.empty());
  }

  /** This agent, banned. */
  public AttestedNode withBanned() {
    return new AttestedNode(
        id, serialNumber, svidExpiresAt, attestedAt, true, newSerialNumber, newSvidExpiresAt);
  }
}
