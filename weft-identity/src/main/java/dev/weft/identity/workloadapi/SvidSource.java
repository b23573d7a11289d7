package dev.weft.identity.workloadapi;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity of this process as the Workload API gives it: an {@link IdentitySource} that keeps
 * watches on {@code FetchX509SVID} and {@code FetchJWTBundles} open and swaps in a new immutable
 * {@link IdentitySnapshot} on every SVID rotation or bundle change.
 *
 * <ul>
 *   <li>The snapshot's SVID is the one {@link SvidSourceConfig#svidSelector()} chooses (by default
 *       the first).
 *   <li>Its bundles hold, per trust domain, the X.509 authorities joined with the JWT authorities
 *       of that same trust domain; bundles of different trust domains are never merged.
 *   <li>When the agent goes away, each watch is reopened with {@link SvidSourceConfig#backoff()}
 *       while {@link #current()} keeps serving the last snapshot: a restart of the agent does not
 *       take the workload's identity away.
 *   <li>An update that cannot be used (it does not parse, or no SVID matches the selector) is
 *       logged and ignored: the previous snapshot stays.
 * </ul>
 *
 * <p>{@link #current()} is a volatile read and may be called on every TLS handshake.
 *
 * <pre>{@code
 * try (SvidSource source = SvidSource.start(WorkloadApiEndpoint.fromEnvironment())) {
 *   SSLContext tls = SpiffeTls.serverContext(source, PeerAuthorizer.memberOf(trustDomain));
 *   ...
 * }
 * }</pre>
 */
public final class SvidSource implements IdentitySource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SvidSource.class);
  private static final int MAX_ATTEMPT = 64;

  private final WorkloadApiEndpoint endpoint;
  private final SvidSourceConfig config;
  private final WorkloadApiClient client;
  private final ScheduledExecutorService retries;
  private final ExecutorService notifier;
  private final CopyOnWriteArrayList<Registration> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstSnapshot = new CountDownLatch(1);
  private final Object lock = new Object();
  private final KeptWatch<X509Context> x509Watch;
  private final KeptWatch<BundleSet> jwtWatch;

  /** Written only with {@code lock} held, replaced as a whole; read without the lock. */
  private volatile State state = State.EMPTY;

  /** Written only with {@code lock} held. */
  private volatile boolean closed;

  private volatile WorkloadApiException lastProblem;

  /**
   * What the watches delivered and what was made of it, replaced as a whole: readers see the X.509
   * context, the snapshot and its number from one moment.
   *
   * @param x509 the last X.509 context the agent sent; null until the first arrives
   * @param jwtBundles the last JWT bundles the agent sent; null until the first arrive (or always,
   *     if they are not watched)
   * @param snapshot the last complete snapshot; null until the first is made
   * @param published how many snapshots have been made
   */
  private record State(
      X509Context x509, BundleSet jwtBundles, IdentitySnapshot snapshot, long published) {
    static final State EMPTY = new State(null, null, null, 0);
  }

  private SvidSource(WorkloadApiEndpoint endpoint, SvidSourceConfig config) {
    this.endpoint = endpoint;
    this.config = config;
    this.client = WorkloadApiClient.create(endpoint, config.callTimeout());
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("weft-svid-source-retry").factory());
    this.notifier =
        Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("weft-svid-source-listeners").factory());
    // The watches call these with lock held; taking it again (it is reentrant) lets Error Prone
    // check the calls.
    this.x509Watch =
        new KeptWatch<>(
            "X.509 context",
            client::watchX509Contexts,
            update -> {
              synchronized (lock) {
                applyX509(update);
              }
            });
    this.jwtWatch =
        config.watchJwtBundles()
            ? new KeptWatch<>(
                "JWT bundles",
                client::watchJwtBundles,
                update -> {
                  synchronized (lock) {
                    applyJwt(update);
                  }
                })
            : null;
  }

  /** {@link #start(WorkloadApiEndpoint, SvidSourceConfig)} with the default configuration. */
  public static SvidSource start(WorkloadApiEndpoint endpoint) throws WorkloadApiException {
    return start(endpoint, SvidSourceConfig.defaults());
  }

  /**
   * Opens the watches and waits until the first snapshot is complete (an X.509 context, and the JWT
   * bundles if watched) or {@link SvidSourceConfig#startTimeout()} passes.
   *
   * @throws WorkloadApiException {@code DEADLINE_EXCEEDED} if no identity arrived in time, with the
   *     last problem seen (for example the agent's {@code PERMISSION_DENIED: no identity issued})
   *     in the message and as the cause; {@code CANCELLED} if interrupted
   */
  public static SvidSource start(WorkloadApiEndpoint endpoint, SvidSourceConfig config)
      throws WorkloadApiException {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(config, "config");
    SvidSource source = new SvidSource(endpoint, config);
    source.openWatches();
    boolean ready;
    try {
      ready = source.firstSnapshot.await(config.startTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      source.close();
      Thread.currentThread().interrupt();
      throw new WorkloadApiException(
          Status.Code.CANCELLED,
          "Workload API " + endpoint + ": interrupted while waiting for the first identity",
          e);
    }
    if (!ready) {
      WorkloadApiException last = source.lastProblem;
      source.close();
      throw new WorkloadApiException(
          Status.Code.DEADLINE_EXCEEDED,
          "Workload API "
              + endpoint
              + ": no identity within "
              + config.startTimeout()
              + " (last problem: "
              + (last == null ? "the agent has not answered" : last.getMessage())
              + ")",
          last);
    }
    return source;
  }

  /**
   * The current snapshot: the last complete one, also while the agent is unreachable.
   *
   * @throws IllegalStateException if the source is closed
   */
  @Override
  public IdentitySnapshot current() {
    if (closed) {
      throw new IllegalStateException(this + ": closed");
    }
    return state.snapshot();
  }

  /** The last X.509 context the agent sent: all of the workload's SVIDs, X.509 bundles only. */
  public X509Context x509Context() {
    current();
    return state.x509();
  }

  /**
   * Whether every watch has had an answer since it was last (re)opened; {@code false} while the
   * source is reconnecting (it then still serves the last snapshot).
   */
  public boolean isConnected() {
    synchronized (lock) {
      return !closed && x509Watch.healthy() && (jwtWatch == null || jwtWatch.healthy());
    }
  }

  public WorkloadApiEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Registers {@code listener}, told of every snapshot made after this call (not of the one {@link
   * #current()} returns now).
   *
   * <p>Threading: listeners run one at a time on one thread of this source, in the order the
   * snapshots were made, never concurrently with each other. They must not block; an exception is
   * logged and does not affect other listeners or later snapshots.
   */
  public Subscription addListener(Consumer<IdentitySnapshot> listener) {
    Registration registration =
        new Registration(Objects.requireNonNull(listener, "listener"), state.published());
    listeners.add(registration);
    return () -> listeners.remove(registration);
  }

  /**
   * A JWT-SVID of the current snapshot's SPIFFE ID for {@code audience} (and {@code more}
   * audiences), fetched from the agent.
   *
   * @throws WorkloadApiException with the agent's status and message if it issues none
   */
  public JwtSvid fetchJwtSvid(String audience, String... more) throws WorkloadApiException {
    SpiffeId id = current().svid().id();
    return client.fetchJwtSvid(id, audience, more);
  }

  /**
   * Verifies {@code token} for {@code audience} locally, against the JWT authorities of the token's
   * own trust domain in the current snapshot, at the configured clock's time.
   *
   * @throws SvidException naming the rule the token breaks
   */
  public JwtSvid validateJwtSvid(String token, String audience) throws SvidException {
    return JwtSvidVerifier.verify(token, audience, current().bundles(), config.clock().instant());
  }

  /** Stops watching, cancels retries and releases the connection. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      x509Watch.stop();
      if (jwtWatch != null) {
        jwtWatch.stop();
      }
    }
    retries.shutdownNow();
    notifier.shutdown();
    client.close();
  }

  @Override
  public String toString() {
    return "SvidSource[" + endpoint + "]";
  }

  /**
   * Per trust domain, the X.509 authorities of {@code x509} joined with the JWT authorities of
   * {@code jwt} for the same trust domain; a domain present on one side only keeps that side.
   */
  static BundleSet join(BundleSet x509, BundleSet jwt) {
    List<TrustBundle> joined = new ArrayList<>();
    for (TrustBundle bundle : x509.bundles()) {
      joined.add(jwt.get(bundle.trustDomain()).map(bundle::withJwtAuthoritiesOf).orElse(bundle));
    }
    for (TrustBundle bundle : jwt.bundles()) {
      if (x509.get(bundle.trustDomain()).isEmpty()) {
        joined.add(bundle);
      }
    }
    return BundleSet.of(joined);
  }

  private void openWatches() {
    synchronized (lock) {
      x509Watch.start();
      if (jwtWatch != null) {
        jwtWatch.start();
      }
    }
  }

  @GuardedBy("lock")
  private void applyX509(X509Context update) {
    publish(update, state.jwtBundles());
  }

  @GuardedBy("lock")
  private void applyJwt(BundleSet update) {
    publish(state.x509(), update);
  }

  /**
   * Keeps {@code x509} and {@code jwtBundles} as the latest inputs and, if they are complete and an
   * SVID matches the selector, makes the next snapshot from them.
   */
  @GuardedBy("lock")
  private void publish(X509Context x509, BundleSet jwtBundles) {
    State previous = state;
    State kept = new State(x509, jwtBundles, previous.snapshot(), previous.published());
    if (x509 == null || (jwtWatch != null && jwtBundles == null)) {
      state = kept;
      return;
    }
    Optional<X509Svid> chosen = config.svidSelector().select(x509.svids());
    if (chosen.isEmpty()) {
      List<SpiffeId> offered = x509.svids().stream().map(X509Svid::id).toList();
      WorkloadApiException problem =
          new WorkloadApiException(
              Status.Code.FAILED_PRECONDITION,
              "no SVID matches the configured selector (the agent offered " + offered + ")");
      lastProblem = problem;
      state = kept;
      log.error(
          "Workload API {}: {}; keeping the previous identity", endpoint, problem.getMessage());
      return;
    }
    BundleSet bundles = join(x509.bundles(), jwtBundles == null ? BundleSet.empty() : jwtBundles);
    IdentitySnapshot next = new IdentitySnapshot(chosen.get(), bundles);
    long number = previous.published() + 1;
    state = new State(x509, jwtBundles, next, number);
    firstSnapshot.countDown();
    log.info(
        "Workload API {}: identity {} (expires {}), bundles of {}",
        endpoint,
        next.svid().id(),
        next.svid().expiresAt(),
        bundles.trustDomains());
    notifier.execute(() -> notifyListeners(next, number));
  }

  private void notifyListeners(IdentitySnapshot next, long number) {
    for (Registration registration : listeners) {
      if (closed) {
        return;
      }
      if (number <= registration.after) {
        continue; // made before the listener registered
      }
      try {
        registration.listener.accept(next);
      } catch (RuntimeException e) {
        log.warn("SvidSource {}: a snapshot listener failed", endpoint, e);
      }
    }
  }

  /**
   * One listener, told of snapshots numbered above {@code after}. Identity equality, so the same
   * listener may be registered twice.
   */
  private static final class Registration {
    private final Consumer<IdentitySnapshot> listener;
    private final long after;

    private Registration(Consumer<IdentitySnapshot> listener, long after) {
      this.listener = listener;
      this.after = after;
    }
  }

  /**
   * A watch that is reopened with backoff whenever it ends. Its state is guarded by the source's
   * {@code lock}; the methods the source calls take that lock themselves (it may already hold it).
   */
  private final class KeptWatch<T> {
    private final String name;
    private final Function<Watcher<T>, Subscription> opener;

    /** Called with {@code lock} held, in the order the updates arrive. */
    private final Consumer<T> apply;

    @GuardedBy("SvidSource.this.lock")
    private int failures;

    @GuardedBy("SvidSource.this.lock")
    private int generation;

    @GuardedBy("SvidSource.this.lock")
    private Subscription subscription;

    @GuardedBy("SvidSource.this.lock")
    private boolean healthy;

    private KeptWatch(String name, Function<Watcher<T>, Subscription> opener, Consumer<T> apply) {
      this.name = name;
      this.opener = opener;
      this.apply = apply;
    }

    /** Opens the watch for the first time. */
    void start() {
      synchronized (lock) {
        open();
      }
    }

    /** Whether the watch has had an answer since it was last (re)opened. */
    boolean healthy() {
      synchronized (lock) {
        return healthy;
      }
    }

    /** Cancels the watch; a later answer or failure of it is ignored. */
    void stop() {
      synchronized (lock) {
        generation++;
        if (subscription != null) {
          subscription.close();
          subscription = null;
        }
      }
    }

    @GuardedBy("SvidSource.this.lock")
    private void open() {
      int mine = ++generation;
      subscription =
          opener.apply(
              new Watcher<>() {
                @Override
                public void onUpdate(T update) {
                  synchronized (lock) {
                    if (closed || mine != generation) {
                      return;
                    }
                    failures = 0;
                    healthy = true;
                    apply.accept(update);
                  }
                }

                @Override
                public void onError(WorkloadApiException error) {
                  synchronized (lock) {
                    if (closed || mine != generation) {
                      return;
                    }
                    failed(error);
                  }
                }
              });
    }

    @GuardedBy("SvidSource.this.lock")
    private void failed(WorkloadApiException error) {
      healthy = false;
      subscription = null;
      lastProblem = error;
      Duration delay = config.backoff().delay(failures, ThreadLocalRandom.current());
      failures = Math.min(failures + 1, MAX_ATTEMPT);
      log.warn(
          "Workload API {}: {} watch ended: {}; reopening in {} ms (serving the last identity"
              + " meanwhile)",
          endpoint,
          name,
          error.getMessage(),
          delay.toMillis());
      retries.schedule(this::reopen, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void reopen() {
      if (closed) {
        return;
      }
      client.resetConnectBackoff();
      synchronized (lock) {
        if (!closed && subscription == null) {
          open();
        }
      }
    }
  }
}
