package dev.weft.trust.store;

import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Instant;
import java.util.Objects;

/**
 * A node agent that has attested to the trust server. Instants are stored to the millisecond.
 *
 * @param id the agent's SPIFFE ID
 * @param serialNumber the serial number of the agent's current X.509-SVID (decimal or hex, as
 *     the caller chooses)
 * @param svidExpiresAt when that SVID expires
 * @param attestedAt when the agent last attested
 * @param banned a banned agent may neither renew its SVID nor attest again
 */
public record AttestedAgent(
    SpiffeId id, String serialNumber, Instant svidExpiresAt, Instant attestedAt, boolean banned) {
  public AttestedAgent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(svidExpiresAt, "svidExpiresAt");
    Objects.requireNonNull(attestedAt, "attestedAt");
  }
}
