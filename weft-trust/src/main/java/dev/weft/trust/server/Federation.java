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
 * following each bundle's {@code spiffe_refresh_hint} but never more often than the floor. A
 * failed fetch keeps the last good bundle and is recorded against the relationship; a changed
 * bundle is stored and pushed to agents. Relationships declared in the configuration file are
 * applied at start and cannot be changed through the admin API.
 */
final class Federation implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Federation.class);
  /** How long to wait for a bundle that carries no refresh hint. */
  static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

  private final TrustDomain own;
  private final DataStore store;
  private final BundleFetcher fetcher;
  private final SyncHub hub;
  private final Duration floor;
  private final Clock clock;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("weft-federation").daemon().factory());
  private final Map<TrustDomain, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
  private final Map<TrustDomain, Instant> nextRefresh = new ConcurrentHashMap<>();
  private final Map<TrustDomain, Object> locks = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Federation(TrustDomain own, DataStore store, BundleFetcher fetcher, SyncHub hub, Duration floor, Clock clock) {
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
      if (r.source() == FederationRelationship.Source.CONFIG && !declared.contains(r.trustDomain())) {
        store.deleteFederation(r.trustDomain());
        log.info("federation with {} removed: no longer in the configuration file (its bundle is kept;"
            + " delete it with weft trust bundle delete)", r.trustDomain());
        continue;
      }
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
        throw new StoreException(StoreException.Kind.ALREADY_EXISTS,
            "federation relationship with " + r.trustDomain() + ": already exists (change it with weft trust federation update)");
      }
      store.putFederation(r.withSource(FederationRelationship.Source.API));
    }
    log.info("federation with {} created ({} {})", r.trustDomain(), r.profile(), r.bundleEndpointUrl());
    schedule(r.trustDomain(), Duration.ZERO);
    return store.federation(r.trustDomain()).orElseThrow();
  }

  FederationRecord update(FederationRelationship r) throws StoreException {
    synchronized (lock(r.trustDomain())) {
      requireApiManaged(r.trustDomain());
      store.putFederation(r.withSource(FederationRelationship.Source.API));
    }
    log.info("federation with {} updated ({} {})", r.trustDomain(), r.profile(), r.bundleEndpointUrl());
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
    log.info("federation with {} deleted (its bundle is kept until deleted with weft trust bundle delete)", td);
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
    ScheduledFuture<?> previous = scheduled.put(td, scheduler.schedule(
        () -> Thread.ofVirtual().name("weft-federation-" + td).start(() -> fetch(td)),
        delay.toMillis(), TimeUnit.MILLISECONDS));
    if (previous != null) {
      previous.cancel(false);
    }
  }

  private void fetch(TrustDomain td) {
    synchronized (lock(td)) {
      Duration next = floor;
      try {
        Optional<FederationRecord> record = store.federation(td);
        if (record.isEmpty()) {
          return; // deleted meanwhile
        }
        Optional<TrustBundle> current = store.bundle(td);
        Instant now = clock.instant();
        FederationStatus status = record.get().status();
        try {
          TrustBundle fetched = fetcher.fetch(record.get().relationship(), current, status.fetchedSequence());
          if (current.isEmpty() || !current.get().equals(fetched)) {
            store.putBundle(fetched);
            log.info("bundle of {} updated from {} (sequence {})", td,
                record.get().relationship().bundleEndpointUrl(),
                fetched.sequence().isPresent() ? fetched.sequence().getAsLong() : "none");
            hub.changed();
          }
          store.recordFederationStatus(td, status.succeeded(now, fetched));
          Duration hint = fetched.refreshHint().orElse(DEFAULT_REFRESH);
          next = hint.compareTo(floor) < 0 ? floor : hint;
        } catch (FederationException e) {
          log.warn("federation with {}: {} ({}; retrying in {}s)", td, e.getMessage(),
              current.isPresent() ? "keeping the last good bundle" : "no bundle of it yet", floor.toSeconds());
          store.recordFederationStatus(td, status.failed(now, e.getMessage()));
        }
      } catch (StoreException e) {
        if (closed) {
          return; // a fetch that outlived the server: its store is gone, and nothing is lost
        }
        log.error("federation with {}: {} (retrying in {}s)", td, e.getMessage(), floor.toSeconds());
      } catch (RuntimeException e) {
        log.error("federation with {}: refresh failed unexpectedly (retrying in {}s)", td, floor.toSeconds(), e);
      }
      if (scheduledStillWanted(td)) {
        schedule(td, next);
      }
    }
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
      throw new StoreException(StoreException.Kind.INVALID, "relationship.trust_domain: " + td
          + " is this server's own trust domain (expected: another trust domain)");
    }
  }

  private void requireApiManaged(TrustDomain td) throws StoreException {
    FederationRecord record = store.federation(td).orElseThrow(() -> notFound(td));
    if (record.relationship().source() == FederationRelationship.Source.CONFIG) {
      throw new StoreException(StoreException.Kind.INVALID, "federation relationship with " + td
          + " is declared in the server's configuration file (change it there and restart)");
    }
  }

  private static StoreException notFound(TrustDomain td) {
    return new StoreException(StoreException.Kind.NOT_FOUND, "federation relationship with " + td + ": not found");
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
