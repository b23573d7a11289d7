package dev.weft.fabric.node;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.admin.ConnectionInfo;
import dev.weft.fabric.admin.NodeInfo;
import dev.weft.fabric.admin.RouteInfo;
import dev.weft.fabric.policy.FabricAuthorization;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import dev.weft.policy.DecisionLog;
import dev.weft.policy.DecisionPoint;
import dev.weft.policy.PolicyException;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.RegoAuthorizer;
import dev.weft.policy.load.PolicyWatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * A fabric node: it accepts clients and links from other nodes on its {@code local_endpoint}
 * (mutual TLS with its SVID), dials the nodes of its static routes, keeps the subscription table,
 * forwards messages, asks the policy about subscribes and publishes, and serves its admin endpoint.
 * With a {@code controller} configured it registers with it and takes links and routes from it
 * (over one gRPC stream), keeping them when the controller is unreachable.
 *
 * <pre>{@code
 * try (Node node = Node.start(NodeConfig.read(Path.of("node.yaml")))) {
 *   node.awaitClose();
 * }
 * }</pre>
 */
public final class Node implements AutoCloseable {

  private final NodeRuntime runtime;
  private final AdminServer admin;
  private final List<AutoCloseable> owned;
  private final Object closeLock = new Object();
  private boolean closed;

  private Node(NodeRuntime runtime, AdminServer admin, List<AutoCloseable> owned) {
    this.runtime = runtime;
    this.admin = admin;
    this.owned = owned;
  }

  /**
   * Starts a node whose identity comes from the Workload API ({@code identity.workload_api_socket}
   * or {@code SPIFFE_ENDPOINT_SOCKET}).
   *
   * @throws FabricException {@link ErrorCode#UNAVAILABLE} with what failed: no SVID, the policy,
   *     binding an endpoint
   */
  public static Node start(NodeConfig config) throws FabricException {
    return builder(config).start();
  }

  /** A builder, to give the identity, clock, thread count or decision log. */
  public static Builder builder(NodeConfig config) {
    return new Builder(config);
  }

  /** The address the node listens on (the real port when the config said 0). */
  public InetSocketAddress localAddress() {
    return runtime.localAddress();
  }

  /** The admin endpoint's address, when configured. */
  public Optional<InetSocketAddress> adminAddress() {
    return admin == null ? Optional.empty() : Optional.of(admin.address());
  }

  /** The configuration it runs with. */
  public NodeConfig config() {
    return runtime.config;
  }

  /** {@code GET /v1/node}. */
  public NodeInfo info() {
    return runtime.info();
  }

  /** {@code GET /v1/nodes}: this node, then the nodes linked to it. */
  public List<NodeInfo> nodes() {
    return runtime.nodes();
  }

  /** {@code GET /v1/routes}: static routes, then the subscription table. */
  public List<RouteInfo> routes() {
    return runtime.routeTable();
  }

  /** {@code GET /v1/connections}. */
  public List<ConnectionInfo> connections() {
    return runtime.connectionTable();
  }

  /** {@code GET /metrics}: Prometheus text. */
  public String metrics() {
    return runtime.metrics().scrape();
  }

  /** A counter's value (for tests and benchmarks), e.g. {@code fabric.errors, code, MALFORMED}. */
  public double counter(String name, String... tags) {
    return runtime.metrics().count(name, tags);
  }

  /** Blocks until {@link #close()} is called (from another thread or a shutdown hook). */
  public void awaitClose() throws InterruptedException {
    synchronized (closeLock) {
      while (!closed) {
        closeLock.wait();
      }
    }
  }

  /** Stops accepting, closes every connection and link, and releases what the node opened. */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      closeLock.notifyAll();
    }
    if (admin != null) {
      admin.close();
    }
    runtime.close();
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Node.class).warn("fabric node: closing {} failed", c, e);
      }
    }
  }

  /** Starts a {@link Node}. */
  public static final class Builder {
    private final NodeConfig config;
    private IdentitySource identity;
    private Clock clock = Clock.systemUTC();
    private int ioThreads;
    private DecisionLog decisionLog;

    private Builder(NodeConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The node's identity (default: from the Workload API the config names). */
    public Builder identity(IdentitySource source) {
      this.identity = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The clock of certificate checks and policy time (default: the system clock). */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /** I/O threads (default 0: Netty's default, twice the cores). */
    public Builder ioThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("ioThreads: " + threads + " (expected: >= 0)");
      }
      this.ioThreads = threads;
      return this;
    }

    /** Where decisions are audited (default: the config's {@code policy.audit_log}, or none). */
    public Builder decisionLog(DecisionLog log) {
      this.decisionLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * Starts the node.
     *
     * @throws FabricException {@link ErrorCode#UNAVAILABLE} with what failed
     */
    public Node start() throws FabricException {
      List<AutoCloseable> owned = new ArrayList<>();
      NodeRuntime runtime = null;
      try {
        IdentitySource source = identity != null ? identity : workloadApi(owned);
        Supplier<PolicySnapshot> policies = policies(owned);
        RegoAuthorizer authorizer = RegoAuthorizer.create(policies, config.decisionPath(), clock);
        owned.add(authorizer);
        DecisionLog audit = auditLog(owned);
        FabricAuthorization authorization =
            new FabricAuthorization(
                DecisionPoint.create(authorizer, audit, clock),
                config.decisionPath(),
                policies,
                source.current().svid().id(),
                config.id(),
                config.domain(),
                () -> source.current().bundles().trustDomains());
        runtime = new NodeRuntime(config, source, clock, authorization, ioThreads);
        runtime.start();
        AdminServer admin = null;
        if (config.adminEndpoint().isPresent()) {
          admin = AdminServer.start(config.adminEndpoint().get(), runtime);
        }
        return new Node(runtime, admin, owned);
      } catch (FabricException e) {
        cleanUp(runtime, owned);
        throw e;
      } catch (SSLException e) {
        cleanUp(runtime, owned);
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "fabric node " + config.id() + ": TLS set-up failed: " + e.getMessage(),
            e);
      } catch (IOException | RuntimeException e) {
        cleanUp(runtime, owned);
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "fabric node " + config.id() + ": cannot start: " + e.getMessage(),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cleanUp(runtime, owned);
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "fabric node " + config.id() + ": interrupted while starting",
            e);
      }
    }

    private IdentitySource workloadApi(List<AutoCloseable> owned) throws FabricException {
      WorkloadApiEndpoint endpoint;
      try {
        endpoint =
            config
                .workloadApiSocket()
                .map(WorkloadApiEndpoint::ofSocket)
                .orElseGet(WorkloadApiEndpoint::fromEnvironment);
      } catch (IllegalArgumentException e) {
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "identity.workload_api_socket: "
                + e.getMessage()
                + " (set it, or SPIFFE_ENDPOINT_SOCKET)",
            e);
      }
      SvidSourceConfig.Builder svids = SvidSourceConfig.builder();
      config.spiffeId().ifPresent(id -> svids.svidSelector(SvidSelector.byId(id)));
      try {
        SvidSource source = SvidSource.start(endpoint, svids.build());
        owned.add(source);
        return source;
      } catch (WorkloadApiException e) {
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "identity: no X.509-SVID from the "
                + "Workload API at "
                + endpoint
                + ": "
                + e.getMessage(),
            e);
      }
    }

    private Supplier<PolicySnapshot> policies(List<AutoCloseable> owned) throws FabricException {
      try {
        if (config.policyPaths().isEmpty()) {
          PolicySnapshot builtIn = FabricAuthorization.defaultPolicy();
          return () -> builtIn;
        }
        PolicyWatcher watcher = PolicyWatcher.builder(config.policyPaths()).start();
        owned.add(watcher);
        return watcher;
      } catch (PolicyException e) {
        throw new FabricException(ErrorCode.UNAVAILABLE, "policy.paths: " + e.getMessage(), e);
      }
    }

    private DecisionLog auditLog(List<AutoCloseable> owned) throws FabricException {
      if (decisionLog != null) {
        return decisionLog;
      }
      if (config.auditLog().isEmpty()) {
        return DecisionLog.noop();
      }
      try {
        DecisionLog log = DecisionLog.jsonLines(config.auditLog().get(), List.of());
        owned.add(log);
        return log;
      } catch (IOException e) {
        throw new FabricException(
            ErrorCode.UNAVAILABLE,
            "policy.audit_log: " + config.auditLog().get() + " cannot be opened: " + e.getMessage(),
            e);
      }
    }

    private static void cleanUp(NodeRuntime runtime, List<AutoCloseable> owned) {
      if (runtime != null) {
        runtime.close();
      }
      for (AutoCloseable c : owned) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already failing; the first error is the one reported
        }
      }
    }
  }
}
