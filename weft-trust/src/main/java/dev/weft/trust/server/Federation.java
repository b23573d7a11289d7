package dev.weft.trust.server;

import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.federation.BundleFetcher;
import dev.weft.trust.federation.FederationException;
import dev.weft.trust.federation.FederationRecord;
import dev.weft.trust.federation.FederationRelationship;
import dev.weft.trust.federation.FederationStatus;
import dev.weft.trust.store.DataStore;
import dev.weft.trust.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bundles of federated trust domains fresh: one refresh schedule per relationship,
 * following each bundle's {@code spiffe_refresh_hint}, held between the floor and one day. A failed
 * fetch keeps the last good bundle and is recorded against the relationship (a refused rollback is
 * also counted); a changed bundle is stored and pushed to agents. Whatever a fetch throws, its
 * relationship stays scheduled. At start, the errors recorded by the previous run are cleared: the
 * status shows this run's state. Relationships declared in the configuration file are applied at
 * start and cannot be changed through the admin API.
 */
final class Federation implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Federation.class);

  /** How long to wait for a bundle that carries no refresh hint. */
  static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

  /**
   * The longest wait between two fetches, whatever a bundle's {@code spiffe_refresh_hint} says
   * (unless the refresh floor is longer): one day.
   */
  static final Duration MAX_REFRESH = Duration.ofDays(1);

  private final TrustDomain own;
  private final DataStore store;
  private final BundleFetcher fetcher;
  private final SyncHub hub;
  private final Duration floor;
  private final Clock clock;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("weft-federation").daemon().factory());
  private final Map<TrustDomain, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
  private final Map<TrustDomain, Instant> nextRefresh = new ConcurrentHashMap<>();
  private final Map<TrustDomain, Object> locks = new ConcurrentHashMap<>();

  /** The out-of-range refresh hint last logged per relationship, so that each is logged once. */
  private final Map<TrustDomain, Duration> clampedHints = new ConcurrentHashMap<>();

  private volatile boolean closed;

  Federation(
      TrustDomain own,
      DataStore store,
      BundleFetcher fetcher,
      SyncHub hub,
      Duration floor,
      Clock clock) {
    this.own = own;
    this.store = store;
    this.fetcher = fetcher;
    this.hub = hub;
    this.floor = floor;
    this.clock = clock;
  }

  /** Applies the relationships of the configuration file and schedules every relationship. */
  void start(List<FederationRelationship> fromConfig) throws StoreException {
    Set<TrustDomain> declared = new HashSet<>();
    for (FederationRelationship r : fromConfig) {
      requireOther(r.trustDomain());
      store.putFederation(r.withSource(FederationRelationship.Source.CONFIG));
      declared.add(r.trustDomain());
    }
    for (FederationRecord record : store.federations()) {
      FederationRelationship r = record.relationship();
      if (r.source() == FederationRelationship.Source.CONFIG
          && !declared.contains(r.trustDomain())) {
        store.deleteFederation(r.trustDomain());
        log.info(
            "federation with {} removed: no longer in the configuration file (its bundle is kept;"
                + " delete it with weft trust bundle delete)",
            r.trustDomain());
        continue;
      }
      // what the previous run saw last is no longer the current state: this run fetches anew
      store.recordFederationStatus(r.trustDomain(), record.status().atStart());
      schedule(r.trustDomain(), Duration.ZERO);
    }
  }

  List<FederationRecord> list() throws StoreException {
    return store.federations();
  }

  Optional<FederationRecord> get(TrustDomain td) throws StoreException {
    return store.federation(td);
  }

  Optional<Instant> nextRefresh(TrustDomain td) {
    return Optional.ofNullable(nextRefresh.get(td));
  }

  FederationRecord create(FederationRelationship r) throws StoreException {
    requireOther(r.trustDomain());
    synchronized (lock(r.trustDomain())) {
      if (store.federation(r.trustDomain()).isPresent()) {
        throw new StoreException(
            StoreException.Kind.ALREADY_EXISTS,
            "federation relationship with "
                + r.trustDomain()
                + ": already exists (change it with weft trust federation update)");
      }
      store.putFederation(r.withSource(FederationRelationship.Source.API));
    }
    log.info(
        "federation with {} created ({} {})", r.trustDomain(), r.profile(), r.bundleEndpointUrl());
    schedule(r.trustDomain(), Duration.ZERO);
    return store.federation(r.trustDomain()).orElseThrow();
  }

  FederationRecord update(FederationRelationship r) throws StoreException {
    synchronized (lock(r.trustDomain())) {
      requireApiManaged(r.trustDomain());
      store.putFederation(r.withSource(FederationRelationship.Source.API));
    }
    log.info(
        "federation with {} updated ({} {})", r.trustDomain(), r.profile(), r.bundleEndpointUrl());
    schedule(r.trustDomain(), Duration.ZERO);
    return store.federation(r.trustDomain()).orElseThrow();
  }

  void delete(TrustDomain td) throws StoreException {
    synchronized (lock(td)) {
      requireApiManaged(td);
      store.deleteFederation(td);
    }
    ScheduledFuture<?> pending = scheduled.remove(td);
    if (pending != null) {
      pending.cancel(false);
    }
    nextRefresh.remove(td);
    log.info(
        "federation with {} deleted (its bundle is kept until deleted with weft trust bundle delete)",
        td);
  }

  /** Fetches now and returns the relationship with its new status. */
  FederationRecord refresh(TrustDomain td) throws StoreException {
    if (store.federation(td).isEmpty()) {
      throw notFound(td);
    }
    fetch(td);
    return store.federation(td).orElseThrow(() -> notFound(td));
  }

  private void schedule(TrustDomain td, Duration delay) {
    if (scheduler.isShutdown()) {
      return;
    }
    nextRefresh.put(td, clock.instant().plus(delay));
    ScheduledFuture<?> previous;
    try {
      previous =
          scheduled.put(
              td,
              scheduler.schedule(
                  () -> Thread.ofVirtual().name("weft-federation-" + td).start(() -> fetch(td)),
                  delay.toMillis(),
                  TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return; // closing
    }
    if (previous != null) {
      previous.cancel(false);
    }
  }

  private void fetch(TrustDomain td) {
    synchronized (lock(td)) {
      Duration next = floor;
      try {
        next = fetchOnce(td);
      } catch (StoreException e) {
        if (closed) {
          return; // a fetch that outlived the server: its store is gone, and nothing is lost
        }
        log.error(
            "federation with {}: {} (retrying in {}s)", td, e.getMessage(), floor.toSeconds());
      } catch (RuntimeException e) {
        log.error(
            "federation with {}: refresh failed unexpectedly (retrying in {}s)",
            td,
            floor.toSeconds(),
            e);
      } finally {
        // whatever happened to this fetch, the relationship keeps its schedule
        if (!closed && scheduledStillWanted(td)) {
          schedule(td, next);
        }
      }
    }
  }

  /** One fetch of {@code td}'s bundle; returns when the next one is due. */
  private Duration fetchOnce(TrustDomain td) throws StoreException {
    Optional<FederationRecord> record = store.federation(td);
    if (record.isEmpty()) {
      return floor; // deleted meanwhile: not rescheduled
    }
    Optional<TrustBundle> current = store.bundle(td);
    Instant now = clock.instant();
    FederationStatus status = record.get().status();
    try {
      TrustBundle fetched =
          fetcher.fetch(record.get().relationship(), current, status.fetchedSequence());
      if (current.isEmpty() || !current.get().equals(fetched)) {
        store.putBundle(fetched);
        log.info(
            "bundle of {} updated from {} (sequence {})",
            td,
            record.get().relationship().bundleEndpointUrl(),
            fetched.sequence().isPresent() ? fetched.sequence().getAsLong() : "none");
        hub.changed();
      }
      store.recordFederationStatus(td, status.succeeded(now, fetched));
      return nextAfter(td, fetched.refreshHint().orElse(DEFAULT_REFRESH));
    } catch (FederationException e) {
      if (e.rollback()) {
        log.warn(
            "federation with {}: rollback refused: {} ({}; {} refused so far)",
            td,
            e.getMessage(),
            current.isPresent() ? "keeping the last good bundle" : "no bundle of it yet",
            status.rollbacksRefused() + 1);
        store.recordFederationStatus(td, status.refusedRollback(now, e.getMessage()));
      } else {
        log.warn(
            "federation with {}: {} ({}; retrying in {}s)",
            td,
            e.getMessage(),
            current.isPresent() ? "keeping the last good bundle" : "no bundle of it yet",
            floor.toSeconds());
        store.recordFederationStatus(td, status.failed(now, e.getMessage()));
      }
      return floor;
    }
  }

  /**
   * The wait before the next fetch for a bundle with refresh hint {@code hint}: the hint held
   * between the floor and {@link #MAX_REFRESH} (or the floor, if that is longer). A hint out of
   * that range is logged once per relationship and value.
   */
  Duration nextAfter(TrustDomain td, Duration hint) {
    Duration max = MAX_REFRESH.compareTo(floor) < 0 ? floor : MAX_REFRESH;
    Duration next = hint.compareTo(floor) < 0 ? floor : hint.compareTo(max) > 0 ? max : hint;
    if (!next.equals(hint) && !hint.equals(DEFAULT_REFRESH)) {
      Duration previous = clampedHints.put(td, hint);
      if (!hint.equals(previous)) {
        log.info(
            "federation with {}: spiffe_refresh_hint {}s is out of range; refreshing every {}s"
                + " (expected: between the refresh floor, {}s, and {}s)",
            td,
            hint.toSeconds(),
            next.toSeconds(),
            floor.toSeconds(),
            max.toSeconds());
      }
    } else {
      clampedHints.remove(td);
    }
    return next;
  }

  private boolean scheduledStillWanted(TrustDomain td) {
    try {
      return store.federation(td).isPresent();
    } catch (StoreException e) {
      return true;
    }
  }

  private void requireOther(TrustDomain td) throws StoreException {
    if (td.equals(own)) {
      throw new StoreException(
          StoreException.Kind.INVALID,
          "relationship.trust_domain: "
              + td
              + " is this server's own trust domain (expected: another trust domain)");
    }
  }

  private void requireApiManaged(TrustDomain td) throws StoreException {
    FederationRecord record = store.federation(td).orElseThrow(() -> notFound(td));
    if (record.relationship().source() == FederationRelationship.Source.CONFIG) {
      throw new StoreException(
          StoreException.Kind.INVALID,
          "federation relationship with "
              + td
              + " is declared in the server's configuration file (change it there and restart)");
    }
  }

  private static StoreException notFound(TrustDomain td) {
    return new StoreException(
        StoreException.Kind.NOT_FOUND, "federation relationship with " + td + ": not found");
  }

  private Object lock(TrustDomain td) {
    return locks.computeIfAbsent(td, k -> new Object());
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }
}
