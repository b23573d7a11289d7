package dev.weft.trust.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.ca.CaConfig;
import dev.weft.trust.ca.CaException;
import dev.weft.trust.ca.CertificateAuthority;
import dev.weft.trust.ca.KeyManager;
import dev.weft.trust.ca.UpstreamAuthority;
import dev.weft.trust.config.KeyManagerConfig;
import dev.weft.trust.config.ListenerLimits;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.config.UpstreamAuthorityConfig;
import dev.weft.trust.federation.BundleEndpointServer;
import dev.weft.trust.federation.BundleFetcher;
import dev.weft.trust.federation.FetchLimits;
import dev.weft.trust.store.DataStore;
import dev.weft.trust.store.StoreException;
import dev.weft.trust.uds.UnixSocketServer;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust server of one trust domain. {@link #start} opens the data store, restores or creates
 * the CA, publishes the local bundle, and serves the node API (TCP, TLS; mutual TLS for every call
 * but attestation) and the admin API (owner-only unix socket). A background task rotates CA and JWT
 * keys, renews the server's own SVID and notifies agents of changes. {@link #close} stops
 * everything it started.
 */
public final class TrustServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrustServer.class);

  /**
   * Runtime knobs that are not configuration.
   *
   * @param clock the time source (tests move it by hand)
   * @param tickInterval how often keys are checked for rotation and the store for outside changes;
   *     default 5 seconds
   * @param bundleRefreshHint the {@code spiffe_refresh_hint} of the local bundle; default 5 min
   * @param fetchLimits bounds on fetching federated bundles; {@link FetchLimits#defaults()}
   * @param webTls the TLS context that authenticates {@code https_web} bundle endpoints; default
   *     the JDK's (the system's Web PKI roots)
   */
  public record Options(
      Clock clock,
      Duration tickInterval,
      Duration bundleRefreshHint,
      FetchLimits fetchLimits,
      SSLContext webTls) {
    public Options {
      Objects.requireNonNull(clock, "clock");
      if (tickInterval.isZero() || tickInterval.isNegative()) {
        throw new IllegalArgumentException("tickInterval: " + tickInterval + " (expected: > 0)");
      }
      Objects.requireNonNull(bundleRefreshHint, "bundleRefreshHint");
      Objects.requireNonNull(fetchLimits, "fetchLimits");
      Objects.requireNonNull(webTls, "webTls");
    }

    public static Options defaults() {
      try {
        return new Options(
            Clock.systemUTC(),
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            FetchLimits.defaults(),
            SSLContext.getDefault());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no default TLS context", e);
      }
    }

    public Options withClock(Clock c) {
      return new Options(c, tickInterval, bundleRefreshHint, fetchLimits, webTls);
    }

    public Options withTickInterval(Duration d) {
      return new Options(clock, d, bundleRefreshHint, fetchLimits, webTls);
    }

    public Options withBundleRefreshHint(Duration hint) {
      return new Options(clock, tickInterval, hint, fetchLimits, webTls);
    }

    public Options withFetchLimits(FetchLimits limits) {
      return new Options(clock, tickInterval, bundleRefreshHint, limits, webTls);
    }

    public Options withWebTls(SSLContext context) {
      return new Options(clock, tickInterval, bundleRefreshHint, fetchLimits, context);
    }
  }

  private final ServerConfig config;
  private final Options options;
  private final DataStore store;
  private final CertificateAuthority ca;
  private final SyncHub hub = new SyncHub();
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService ticker;
  private final Object tickLock = new Object();
  private ServerIdentity identity;
  private Server nodeServer;
  private UnixSocketServer adminServer;
  private Federation federation;
  private volatile BundleEndpointServer bundleEndpoint;

  @GuardedBy("tickLock")
  private long lastRevision = -1;

  private final EventLoopGroup boss =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("weft-node-accept", true), NioIoHandler.newFactory());
  private final EventLoopGroup workers =
      new MultiThreadIoEventLoopGroup(
          2, new DefaultThreadFactory("weft-node-io", true), NioIoHandler.newFactory());
  private final CallLimiter nodeCalls;
  private final CallLimiter adminCalls;
  private volatile GuardedServerChannel.Guard connectionGuard;

  private TrustServer(
      ServerConfig config, Options options, DataStore store, CertificateAuthority ca) {
    this.config = config;
    this.options = options;
    this.store = store;
    this.ca = ca;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("weft-trust-ticker").daemon().factory());
    this.nodeCalls = new CallLimiter("node API", config.limits().maxConcurrentCalls());
    this.adminCalls = new CallLimiter("admin API", config.limits().maxConcurrentCalls());
  }

  /**
   * What the listener limits refused since the server started.
   *
   * @param connections node-API connections closed (over {@code max_connections}, or past {@code
   *     handshake_timeout})
   * @param nodeCalls node-API calls refused (over {@code max_concurrent_calls})
   * @param adminCalls admin-API calls refused (over {@code max_concurrent_calls})
   * @param bundleEndpoint bundle-endpoint connections closed and requests refused (over {@code
   *     max_connections}, past {@code handshake_timeout} or {@code request_timeout}, over {@code
   *     max_header_bytes} or {@code max_request_bytes}); 0 when there is no bundle endpoint
   */
  public record Refusals(long connections, long nodeCalls, long adminCalls, long bundleEndpoint) {}

  /** Node-API connections open now (accepted, not yet closed). */
  public int openNodeConnections() {
    return connectionGuard == null ? 0 : connectionGuard.open();
  }

  /** What the listener limits refused so far. */
  public Refusals refusals() {
    return new Refusals(
        connectionGuard == null ? 0 : connectionGuard.refused(),
        nodeCalls.refused(),
        adminCalls.refused(),
        bundleEndpoint == null ? 0 : bundleEndpoint.refusals());
  }

  /** Starts a trust server with default {@link Options}. */
  public static TrustServer start(ServerConfig config) throws IOException {
    return start(config, Options.defaults());
  }

  /**
   * Starts a trust server.
   *
   * @throws IOException if the data store, keys, CA or a listener cannot be set up; the message
   *     says which, and nothing stays running
   */
  public static TrustServer start(ServerConfig config, Options options) throws IOException {
    Files.createDirectories(config.dataDir());
    restrict(config.dataDir());
    DataStore store;
    try {
      store = DataStore.open(config.dataStore().connectionString(), options.clock());
    } catch (StoreException e) {
      throw new IOException("data store: " + e.getMessage(), e);
    }
    CertificateAuthority ca = null;
    TrustServer server = null;
    try {
      ca =
          CertificateAuthority.open(
              caConfig(config),
              keyManager(config),
              config.dataDir().resolve("ca-journal.json"),
              options.clock());
      server = new TrustServer(config, options, store, ca);
      server.startServing();
      return server;
    } catch (CaException e) {
      closeAll(server, ca, store);
      throw new IOException("CA: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      closeAll(server, ca, store);
      throw e;
    }
  }

  private void startServing() throws IOException, CaException {
    TrustDomain td = config.trustDomain();
    ca.rotate();
    TrustBundle bundle = publishLocalBundle();
    identity = new ServerIdentity(ca, options.clock());
    identity.renew(bundle);

    NodeService node = new NodeService(td, store, ca, hub, options.clock(), handlers);
    InetSocketAddress bind = new InetSocketAddress(config.bindAddress(), config.bindPort());
    ListenerLimits limits = config.limits();
    connectionGuard =
        new GuardedServerChannel.Guard(limits.maxConnections(), limits.handshakeTimeout());
    try {
      nodeServer =
          NettyServerBuilder.forAddress(bind)
              .sslContext(NodeApiTls.serverContext(identity, td, options.clock()))
              .channelFactory(() -> new GuardedServerChannel(connectionGuard))
              .bossEventLoopGroup(boss)
              .workerEventLoopGroup(workers)
              .maxInboundMessageSize(limits.maxRequestBytes())
              .maxInboundMetadataSize(limits.maxHeaderBytes())
              .maxConnectionIdle(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .executor(handlers)
              .addService(ServerInterceptors.intercept(node, new CallerIdentity(), nodeCalls))
              .build()
              .start();
    } catch (IOException e) {
      throw new IOException("node API: cannot listen on " + bind + ": " + e.getMessage(), e);
    }
    federation =
        new Federation(
            td,
            store,
            new BundleFetcher(options.fetchLimits(), options.webTls(), options.clock()),
            hub,
            config.federation().refreshFloor(),
            options.clock());
    AdminService admin =
        new AdminService(td, store, hub, federation, options.clock(), this::refusals);
    adminServer =
        UnixSocketServer.start(
            config.socketPath(),
            PosixFilePermissions.fromString("rw-------"),
            List.of(ServerInterceptors.intercept(admin, adminCalls, new OwnerOnly())),
            new UnixSocketServer.Limits(limits.maxRequestBytes(), limits.maxHeaderBytes()));
    if (config.federation().bundleEndpoint().isPresent()) {
      bundleEndpoint =
          BundleEndpoints.start(
              config.federation().bundleEndpoint().get(), limits, identity, store, td);
    }
    try {
      federation.start(config.federation().federatesWith());
    } catch (StoreException e) {
      throw new IOException("federation: " + e.getMessage(), e);
    }
    long period = options.tickInterval().toMillis();
    ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    log.info(
        "trust server for {} serving: node API on {}, admin API on {}",
        td,
        nodeApiAddress(),
        config.socketPath());
  }

  /** The trust domain this server is the authority of. */
  public TrustDomain trustDomain() {
    return config.trustDomain();
  }

  /** The bound address of the node API (the real port when the config said 0). */
  public InetSocketAddress nodeApiAddress() {
    return (InetSocketAddress) nodeServer.getListenSockets().getFirst();
  }

  /** The bound address of the SPIFFE bundle endpoint, if this server serves one. */
  public Optional<InetSocketAddress> bundleEndpointAddress() {
    return Optional.ofNullable(bundleEndpoint).map(BundleEndpointServer::address);
  }

  /** The admin API socket. */
  public Path adminSocket() {
    return config.socketPath();
  }

  /** Open node-API sync streams, for tests. */
  int openSyncStreams() {
    return hub.size();
  }

  /** The local bundle as currently published (with its sequence number). */
  public TrustBundle bundle() throws IOException {
    try {
      return store.bundle(config.trustDomain()).orElseThrow();
    } catch (StoreException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Runs one rotation/notification round now (the background task does this periodically). */
  public void tick() {
    synchronized (tickLock) {
      try {
        boolean rotated = ca.rotate();
        TrustBundle bundle = publishLocalBundle();
        if (rotated) {
          identity.renew(bundle);
        } else {
          identity.renewIfDue(bundle);
        }
        long revision = store.revision();
        if (rotated || revision != lastRevision) {
          lastRevision = revision;
          hub.changed();
        }
      } catch (CaException | StoreException | IOException | RuntimeException e) {
        log.error("trust server maintenance failed (will retry): {}", e.getMessage());
      }
    }
  }

  /** Stores the CA's bundle as the local bundle, with a new sequence number if it changed. */
  private TrustBundle publishLocalBundle() throws IOException {
    try {
      TrustBundle current = ca.bundle().withRefreshHint(options.bundleRefreshHint());
      Optional<TrustBundle> stored = store.bundle(config.trustDomain());
      if (stored.isPresent()) {
        long sequence = stored.get().sequence().orElse(0);
        if (current.withSequence(sequence).equals(stored.get())) {
          return stored.get();
        }
        current = current.withSequence(sequence + 1);
      } else {
        current = current.withSequence(1);
      }
      store.putBundle(current);
      log.info(
          "local bundle of {} published, sequence {}",
          config.trustDomain(),
          current.sequence().getAsLong());
      return current;
    } catch (StoreException e) {
      throw new IOException("data store: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      // a round in progress must not use the CA or the store after they close
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (federation != null) {
      federation.close();
    }
    if (bundleEndpoint != null) {
      bundleEndpoint.close();
    }
    if (nodeServer != null) {
      nodeServer.shutdownNow();
      try {
        nodeServer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (adminServer != null) {
      adminServer.close();
    }
    handlers.shutdownNow();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    ca.close();
    store.close();
    log.info("trust server for {} stopped", config.trustDomain());
  }

  private static CaConfig caConfig(ServerConfig config) throws CaException {
    Optional<UpstreamAuthority> upstream = Optional.empty();
    if (config.upstreamAuthority().orElse(null) instanceof UpstreamAuthorityConfig.Disk disk) {
      upstream =
          Optional.of(UpstreamAuthority.load(disk.certFile(), disk.keyFile(), disk.bundleFile()));
    }
    return new CaConfig(
        config.trustDomain(),
        config.caTtl(),
        config.defaultX509SvidTtl(),
        config.defaultJwtSvidTtl(),
        config.caKeyType(),
        config.caSubject(),
        upstream);
  }

  private static KeyManager keyManager(ServerConfig config) throws CaException {
    return switch (config.keyManager()) {
      case KeyManagerConfig.Disk disk -> KeyManager.disk(disk.keysPath());
      case KeyManagerConfig.Memory memory -> KeyManager.memory();
    };
  }

  private static void restrict(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to tighten
    }
  }

  private static void closeAll(TrustServer server, CertificateAuthority ca, DataStore store) {
    if (server != null) {
      server.close();
      return;
    }
    if (ca != null) {
      ca.close();
    }
    store.close();
  }
}
