package dev.weft.trust.node;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.NodeGrpc;
import dev.weft.proto.trust.v1.SyncRequest;
import dev.weft.proto.trust.v1.SyncResponse;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.registration.RegistrationEntry;
import dev.weft.trust.wire.BundleMessages;
import dev.weft.trust.wire.EntryMessages;
import dev.weft.trust.workload.WorkloadApiServer;
import dev.weft.trust.workload.WorkloadIdentities;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node agent. {@link #start} attests (or reuses the SVID stored from an earlier run), opens
 * mutual TLS to the trust server, starts syncing entries and bundles, and serves the Workload API.
 * While the server is unreachable the agent keeps serving what it holds and reconnects with
 * backoff. {@link #close} stops everything it started.
 */
public final class NodeAgent implements WorkloadIdentities, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

  /**
   * Runtime knobs that are not configuration.
   *
   * @param clock the time source
   * @param checkInterval how often SVIDs are checked for renewal; default 1 second
   * @param minBackoff first reconnection delay; default 500 ms
   * @param maxBackoff longest reconnection delay; default 30 seconds
   */
  public record Options(
      Clock clock, Duration checkInterval, Duration minBackoff, Duration maxBackoff) {
    public Options {
      Objects.requireNonNull(clock, "clock");
      if (checkInterval.isZero() || checkInterval.isNegative()) {
        throw new IllegalArgumentException("checkInterval: " + checkInterval + " (expected: > 0)");
      }
      if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff: " + maxBackoff + " (expected: >= minBackoff " + minBackoff + ")");
      }
    }

    public static Options defaults() {
      return new Options(
          Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public Options withClock(Clock c) {
      return new Options(c, checkInterval, minBackoff, maxBackoff);
    }

    public Options withBackoff(Duration min, Duration max) {
      return new Options(clock, checkInterval, min, max);
    }
  }

  private final NodeAgentConfig config;
  private final Options options;
  private final NodeCredentials credentials;
  private final NodeIdentity identity;
  private final SpiffeId serverId;
  private final ManagedChannel channel;
  private final NodeGrpc.NodeBlockingStub node;
  private final WorkloadCache cache = new WorkloadCache();
  private final SvidSigner signer;
  private final JwtCache jwts;
  private final ScheduledExecutorService maintenance;
  private final Thread syncThread;
  private volatile boolean closed;
  private volatile long lastRevision = -1;

  /** The context of the open sync stream; cancelled to reopen it after a renewal. */
  private volatile Context.CancellableContext syncCall;

  private WorkloadApiServer workloadApi;

  private NodeAgent(
      NodeAgentConfig config,
      Options options,
      NodeCredentials credentials,
      NodeIdentity identity,
      SpiffeId serverId) {
    this.config = config;
    this.options = options;
    this.credentials = credentials;
    this.identity = identity;
    this.serverId = serverId;
    ChannelCredentials tls =
        TlsChannelCredentials.newBuilder()
            .keyManager(SpiffeTls.keyManager(identity))
            .trustManager(
                SpiffeTls.trustManager(identity, PeerAuthorizer.exactly(serverId), options.clock()))
            .build();
    this.channel =
        NettyChannelBuilder.forAddress(config.serverAddress(), config.serverPort(), tls)
            .overrideAuthority("localhost")
            .build();
    this.node = NodeGrpc.newBlockingStub(channel);
    this.signer = new SvidSigner(node, cache, options.clock());
    this.jwts = new JwtCache(node, options.clock());
    this.maintenance =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("weft-agent-maintenance").daemon().factory());
    this.syncThread = Thread.ofVirtual().name("weft-agent-sync").unstarted(this::syncLoop);
  }

  /**
   * Whether an agent with data directory {@code dataDir} can start without a join token: it holds
   * its own SVID for {@code trustDomain} and the bundle, readable, and valid at {@code at}.
   * Credentials that cannot be read count as absent.
   */
  public static boolean canResume(Path dataDir, TrustDomain trustDomain, Instant at) {
    try {
      return new NodeCredentials(dataDir, trustDomain).load(at).isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts an agent with default {@link Options}. */
  public static NodeAgent start(NodeAgentConfig config) throws IOException {
    return start(config, Options.defaults());
  }

  /**
   * Starts an agent.
   *
   * @throws IOException if it cannot attest (no valid stored SVID and no usable join token), or
   *     cannot serve the Workload API; nothing stays running
   */
  public static NodeAgent start(NodeAgentConfig config, Options options) throws IOException {
    TrustDomain td = config.trustDomain();
    Files.createDirectories(config.dataDir());
    Files.setPosixFilePermissions(config.dataDir(), PosixFilePermissions.fromString("rwx------"));
    SpiffeId serverId = SpiffeId.of(td, "weft", "server");
    NodeCredentials credentials = new NodeCredentials(config.dataDir(), td);
    var stored = credentials.load(options.clock().instant());
    NodeCredentials.Stored creds;
    if (stored.isPresent()) {
      creds = stored.get();
      log.info(
          "agent {} reuses its stored SVID (expires {})",
          creds.svid().id(),
          creds.svid().expiresAt());
    } else {
      String token =
          config
              .joinToken()
              .orElseThrow(
                  () ->
                      new IOException(
                          "agent has no valid stored SVID in "
                              + config.dataDir()
                              + " and no join token (generate one with: weft trust token generate)"));
      creds = new Attestation(config, serverId, options.clock()).attest(token);
      credentials.saveSvid(creds.svid());
      credentials.saveBundle(creds.bundle());
      log.info("agent {} attested (SVID expires {})", creds.svid().id(), creds.svid().expiresAt());
    }
    NodeAgent agent =
        new NodeAgent(
            config, options, credentials, new NodeIdentity(creds.svid(), creds.bundle()), serverId);
    try {
      agent.cache.update(Map.of(), BundleSet.of(creds.bundle()));
      agent.workloadApi =
          WorkloadApiServer.start(
              config.socketPath(),
              agent,
              options.clock(),
              new dev.weft.trust.uds.UnixSocketServer.Limits(
                  config.limits().maxRequestBytes(), config.limits().maxHeaderBytes()));
      agent.syncThread.start();
      long period = options.checkInterval().toMillis();
      agent.maintenance.scheduleWithFixedDelay(
          agent::maintain, period, period, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      agent.close();
      throw e;
    }
    log.info("agent {} serving the Workload API on {}", creds.svid().id(), config.socketPath());
    return agent;
  }

  /** The agent's own SPIFFE ID. */
  public SpiffeId id() {
    return identity.svid().id();
  }

  @Override
  public TrustDomain trustDomain() {
    return config.trustDomain();
  }

  @Override
  public Snapshot snapshot() {
    return cache.snapshot();
  }

  @Override
  public AutoCloseable subscribe(Runnable listener) {
    return cache.subscribe(listener);
  }

  @Override
  public JwtSvid jwtSvid(Identity workload, Set<String> audience) throws SvidException {
    return jwts.get(workload, audience);
  }

  /** The revision of the last sync message received; -1 before the first. */
  public long lastSyncRevision() {
    return lastRevision;
  }

  private void syncLoop() {
    Backoff backoff = new Backoff(options.minBackoff(), options.maxBackoff());
    while (!closed) {
      Context.CancellableContext call = Context.current().withCancellation();
      syncCall = call;
      try {
        Iterator<SyncResponse> stream =
            call.call(() -> node.sync(SyncRequest.getDefaultInstance()));
        while (stream.hasNext()) {
          apply(stream.next());
          backoff.reset();
        }
        log.info("trust server ended the sync stream; reconnecting");
      } catch (StatusRuntimeException e) {
        if (closed) {
          return;
        }
        if (call.isCancelled() && !closed) {
          log.debug("sync stream reopened with the renewed agent SVID");
          continue;
        }
        log.warn(
            "sync with trust server {}:{} failed: {}; serving cached SVIDs and retrying",
            config.serverAddress(),
            config.serverPort(),
            Attestation.describe(e));
      } catch (Exception e) {
        log.error("sync failed unexpectedly; retrying", e);
      } finally {
        call.cancel(null);
      }
      try {
        Thread.sleep(backoff.next());
      } catch (InterruptedException e) {
        return;
      }
      // Reconnect now rather than when gRPC's own backoff (up to two minutes) says so: the
      // agent's backoff decides how soon a server that is back is noticed.
      channel.resetConnectBackoff();
    }
  }

  private void apply(SyncResponse response) {
    Map<String, RegistrationEntry> entries = new LinkedHashMap<>();
    for (Entry e : response.getEntriesList()) {
      try {
        entries.put(e.getId(), EntryMessages.fromMessage(e));
      } catch (IllegalArgumentException ex) {
        log.warn("ignoring malformed entry {} from the server: {}", e.getId(), ex.getMessage());
      }
    }
    List<TrustBundle> bundles = new ArrayList<>();
    for (Bundle b : response.getBundlesList()) {
      try {
        bundles.add(BundleMessages.fromMessage(b));
      } catch (BundleException ex) {
        log.warn(
            "ignoring malformed bundle of {} from the server: {}",
            b.getTrustDomain(),
            ex.getMessage());
      }
    }
    BundleSet set;
    try {
      set = BundleSet.of(bundles);
    } catch (IllegalArgumentException ex) {
      log.warn("ignoring sync message: {}", ex.getMessage());
      return;
    }
    set.get(config.trustDomain())
        .ifPresent(
            local -> {
              if (identity.replaceBundle(local)) {
                try {
                  credentials.saveBundle(local);
                } catch (IOException ex) {
                  log.warn("cannot persist the bundle: {}", ex.getMessage());
                }
              }
            });
    cache.update(entries, set);
    lastRevision = response.getRevision();
    signer.signDue();
  }

  private void maintain() {
    try {
      if (WorkloadCache.pastHalfLife(identity.svid(), options.clock().instant())) {
        renewAgentSvid();
      }
      signer.signDue();
      jwts.prune();
    } catch (RuntimeException e) {
      log.warn("agent maintenance failed (will retry): {}", e.getMessage());
    }
  }

  private void renewAgentSvid() {
    try {
      var renewed = new Attestation(config, serverId, options.clock()).renew(node);
      identity.replaceSvid(renewed);
      credentials.saveSvid(renewed);
      // New calls go over a new connection that presents the renewed SVID (the server makes it
      // current on first use and refuses the old one from then on); calls in flight finish, and
      // the sync stream is opened again on the new connection.
      channel.enterIdle();
      Context.CancellableContext sync = syncCall;
      if (sync != null) {
        sync.cancel(null);
      }
      log.info("agent SVID renewed (expires {})", renewed.expiresAt());
    } catch (StatusRuntimeException e) {
      log.warn("agent SVID renewal failed: {} (will retry)", Attestation.describe(e));
    } catch (IOException | SvidException | CertificateException e) {
      log.warn("agent SVID renewal failed: {} (will retry)", e.getMessage());
    }
  }

  @Override
  public void close() {
    closed = true;
    maintenance.shutdownNow();
    syncThread.interrupt();
    channel.shutdownNow();
    if (workloadApi != null) {
      workloadApi.close();
    }
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("agent stopped");
  }
}
