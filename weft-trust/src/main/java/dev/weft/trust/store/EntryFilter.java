package dev.weft.trust.store;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.trust.registration.Selector;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which registration entries {@link DataStore#listEntries} returns: those with the given SPIFFE ID
 * (if present), the given parent ID (if present) and every one of {@code selectors} (an entry may
 * have more).
 *
 * @param spiffeId only entries with this SPIFFE ID, if present
 * @param parentId only entries with this parent ID, if present
 * @param selectors only entries that have all of these selectors; empty matches every entry
 */
public record EntryFilter(
    Optional<SpiffeId> spiffeId, Optional<SpiffeId> parentId, Set<Selector> selectors) {
  public EntryFilter {
    Objects.requireNonNull(spiffeId, "spiffeId");
    Objects.requireNonNull(parentId, "parentId");
    selectors = Set.copyOf(selectors);
  }

  /** Matches every entry. */
  public static EntryFilter all() {
    return new EntryFilter(Optional.empty(), Optional.empty(), Set.of());
  }

  /** Entries with SPIFFE ID {@code id}. */
  public static EntryFilter bySpiffeId(SpiffeId id) {
    return new EntryFilter(Optional.of(id), Optional.empty(), Set.of());
  }

  /** Entries whose parent is {@code id}. */
  public static EntryFilter byParentId(SpiffeId id) {
    return new EntryFilter(Optional.empty(), Optional.of(id), Set.of());
  }

  /** Entries that have all of {@code selectors}. */
  public static EntryFilter bySelectors(Set<Selector> selectors) {
    return new EntryFilter(Optional.empty(), Optional.empty(), selectors);
  }
}
