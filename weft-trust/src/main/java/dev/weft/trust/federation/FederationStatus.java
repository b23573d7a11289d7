package dev.weft.trust.federation;

import dev.weft.identity.bundle.TrustBundle;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What happened on the last fetches of a relationship's bundle.
 *
 * @param lastSuccess when a bundle was last fetched and accepted
 * @param fetchedSequence the {@code spiffe_sequence} of the bundle last accepted from the endpoint,
 *     if it had one: a later bundle may not go below it. Kept apart from the bundle held, which may
 *     have been set by hand with this server's own numbering
 * @param lastError why the most recent failed fetch failed; kept after a later success, for the
 *     record
 * @param lastErrorAt when it failed
 * @param failing whether the most recent attempt failed (recorded as it happens: the instants alone
 *     cannot tell when two attempts share one, or the clock stepped back between them)
 * @param rollbacksRefused how many fetched bundles were refused because they would have moved the
 *     bundle back (a lower or missing {@code spiffe_sequence} after a numbered one)
 */
public record FederationStatus(
    Optional<Instant> lastSuccess,
    OptionalLong fetchedSequence,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt,
    boolean failing,
    long rollbacksRefused) {

  public FederationStatus {
    Objects.requireNonNull(lastSuccess, "lastSuccess");
    Objects.requireNonNull(fetchedSequence, "fetchedSequence");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    if (lastError.isPresent() != lastErrorAt.isPresent()) {
      throw new IllegalArgumentException(
          "lastErrorAt: "
              + lastErrorAt.map(Instant::toString).orElse("none")
              + " (expected: present exactly when lastError is)");
    }
    if (failing && lastError.isEmpty()) {
      throw new IllegalArgumentException(
          "failing: true (expected: false when there is no last error)");
    }
    if (rollbacksRefused < 0) {
      throw new IllegalArgumentException(
          "rollbacksRefused: " + rollbacksRefused + " (expected: >= 0)");
    }
  }

  /** Nothing fetched yet. */
  public static FederationStatus never() {
    return new FederationStatus(
        Optional.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), false, 0);
  }

  /**
   * This status after {@code fetched} was fetched and accepted at {@code at}; the last error stays
   * on record.
   */
  public FederationStatus succeeded(Instant at, TrustBundle fetched) {
    return new FederationStatus(
        Optional.of(at), fetched.sequence(), lastError, lastErrorAt, false, rollbacksRefused);
  }

  /** This status after a fetch at {@code at} failed with {@code error}. */
  public FederationStatus failed(Instant at, String error) {
    return new FederationStatus(
        lastSuccess, fetchedSequence, Optional.of(error), Optional.of(at), true, rollbacksRefused);
  }

  /** This status after a fetch at {@code at} was refused as a rollback ({@code error} says why). */
  public FederationStatus refusedRollback(Instant at, String error) {
    return new FederationStatus(
        lastSuccess,
        fetchedSequence,
        Optional.of(error),
        Optional.of(at),
        true,
        rollbacksRefused + 1);
  }

  /**
   * This status as a newly started server shows it before its first fetch: the errors of the
   * previous run are dropped (they describe a state that no longer holds); what was accepted, and
   * the count of refused rollbacks, stay.
   */
  public FederationStatus atStart() {
    return new FederationStatus(
        lastSuccess, fetchedSequence, Optional.empty(), Optional.empty(), false, rollbacksRefused);
  }
}
