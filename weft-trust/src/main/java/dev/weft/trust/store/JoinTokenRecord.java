package dev.weft.trust.store;

import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Instant;
import java.util.Objects;

/**
 * A join token as stored: only a hash of the secret, never the secret itself.
 *
 * @param tokenHash a hash of the token's secret (the store compares it verbatim)
 * @param agentId the SPIFFE ID the agent that presents the token receives
 * @param expiresAt the token cannot be used at or after this instant (stored to the millisecond)
 */
public record JoinTokenRecord(String tokenHash, SpiffeId agentId, Instant expiresAt) {
  public JoinTokenRecord {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Leaves out the hash. */
  @Override
  public String toString() {
    return "JoinTokenRecord[agentId=" + agentId + ", expiresAt=" + expiresAt + "]";
  }
}
