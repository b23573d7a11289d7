package dev.weft.trust.federation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened on the last fetches of a relationship's bundle.
 *
 * @param lastSuccess when a bundle was last fetched and accepted
 * @param lastError why the most recent failed fetch failed; kept after a later success, for
 *     the record ({@link #failing()} compares the instants)
 * @param lastErrorAt when it failed
 */
public record FederationStatus(
    Optional<Instant> lastSuccess, Optional<String> lastError, Optional<Instant> lastErrorAt) {

  public FederationStatus {
    Objects.requireNonNull(lastSuccess, "lastSuccess");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastErrorAt, "lastErrorAt");
  }

  /** Nothing fetched yet. */
  public static FederationStatus never() {
    return new FederationStatus(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public FederationStatus succeeded(Instant at) {
    return new FederationStatus(Optional.of(at), lastError, lastErrorAt);
  }

  public FederationStatus failed(Instant at, String error) {
    return new FederationStatus(lastSuccess, Optional.of(error), Optional.of(at));
  }

  /** Whether the most recent attempt failed. */
  public boolean failing() {
    return lastErrorAt.isPresent()
        && (lastSuccess.isEmpty() || lastErrorAt.get().isAfter(lastSuccess.get()));
  }
}
