package dev.weft.trust.node;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.svid.X509Svid;
import dev.weft.trust.registration.RegistrationEntry;
import dev.weft.trust.workload.WorkloadIdentities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's entries, the SVID it holds for each, and the bundles, published as an immutable
 * {@link WorkloadIdentities.Snapshot}. Mutations are serialised on this object; readers take the
 * volatile snapshot. Listeners run on the mutating thread after each publication.
 */
final class WorkloadCache {
  private static final Logger log = LoggerFactory.getLogger(WorkloadCache.class);

  /** The SVID held for an entry, and the entry revision it was signed for. */
  record Held(RegistrationEntry entry, X509Svid svid) {}

  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

  @GuardedBy("this")
  private Map<String, RegistrationEntry> entries = Map.of();

  @GuardedBy("this")
  private final Map<String, Held> held = new HashMap<>();

  @GuardedBy("this")
  private BundleSet bundles = BundleSet.empty();

  private volatile WorkloadIdentities.Snapshot snapshot =
      new WorkloadIdentities.Snapshot(List.of(), BundleSet.empty());

  WorkloadIdentities.Snapshot snapshot() {
    return snapshot;
  }

  AutoCloseable subscribe(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Replaces entries and bundles (from a sync); drops SVIDs of entries that are gone. */
  synchronized void update(Map<String, RegistrationEntry> newEntries, BundleSet newBundles) {
    entries = Map.copyOf(newEntries);
    bundles = newBundles;
    held.keySet().retainAll(entries.keySet());
    publish();
  }

  /**
   * The entries that need a (new) SVID at {@code now}: none held, held for an older revision, or
   * past half of its lifetime.
   */
  synchronized List<RegistrationEntry> due(Instant now) {
    List<RegistrationEntry> due = new ArrayList<>();
    for (RegistrationEntry entry : entries.values()) {
      Held h = held.get(entry.id());
      if (h == null
          || h.entry().revision() != entry.revision()
          || !h.entry().equals(entry)
          || pastHalfLife(h.svid(), now)) {
        due.add(entry);
      }
    }
    due.sort(Comparator.comparing(RegistrationEntry::id));
    return due;
  }

  /** Stores freshly signed SVIDs (ignoring entries deleted meanwhile) and publishes. */
  synchronized void put(List<Held> signed) {
    for (Held h : signed) {
      if (entries.containsKey(h.entry().id())) {
        held.put(h.entry().id(), h);
      }
    }
    publish();
  }

  @GuardedBy("this")
  private void publish() {
    List<WorkloadIdentities.Identity> identities = new ArrayList<>();
    List<Held> ordered = new ArrayList<>(held.values());
    ordered.sort(
        Comparator.comparing((Held h) -> h.entry().spiffeId().toString())
            .thenComparing(h -> h.entry().id()));
    for (Held h : ordered) {
      RegistrationEntry e = h.entry();
      identities.add(
          new WorkloadIdentities.Identity(
              e.id(), h.svid(), e.selectors(), e.federatesWith(), e.hint()));
    }
    WorkloadIdentities.Snapshot next = new WorkloadIdentities.Snapshot(identities, bundles);
    if (next.equals(snapshot)) {
      return;
    }
    snapshot = next;
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("workload cache listener failed: {}", e.getMessage());
      }
    }
  }

  static boolean pastHalfLife(X509Svid svid, Instant now) {
    Duration life = Duration.between(svid.issuedAt(), svid.expiresAt());
    return !now.isBefore(svid.issuedAt().plus(life.dividedBy(2)));
  }
}
