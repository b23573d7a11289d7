package dev.weft.controller;

import dev.weft.controller.state.ControllerStore;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
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
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running fabric controller: the southbound control channel for nodes, the northbound JSON API,
 * the policy, the store, and the loop that ties them together.
 */
public final class Controller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final ControllerConfig config;
  private final Southbound southbound;
  private final Northbound northbound;
  private final ControlLoop loop;
  private final List<AutoCloseable> owned;
  private final CountDownLatch closed = new CountDownLatch(1);

  private Controller(
      ControllerConfig config,
      Southbound southbound,
      Northbound northbound,
      ControlLoop loop,
      List<AutoCloseable> owned) {
    this.config = config;
    this.southbound = southbound;
    this.northbound = northbound;
    this.loop = loop;
    this.owned = owned;
  }

  /** Starts a controller that takes its SVID from the Workload API. */
  public static Controller start(ControllerConfig config) throws ControllerException {
    return builder(config).start();
  }

  public static Builder builder(ControllerConfig config) {
    return new Builder(config);
  }

  /** Where nodes connect. */
  public InetSocketAddress southboundAddress() {
    return southbound.address();
  }

  /** Where the JSON API listens over mutual TLS, if it does. */
  public Optional<InetSocketAddress> apiAddress() {
    return northbound == null ? Optional.empty() : Optional.ofNullable(northbound.address());
  }

  /** The JSON API's local socket, if any. */
  public Optional<Path> adminSocket() {
    return config.adminSocket();
  }

  public ControllerConfig config() {
    return config;
  }

  /** Blocks until {@link #close()}. */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    loop.stopping();
    if (northbound != null) {
      northbound.close();
    }
    southbound.close();
    loop.close();
    closeAll(owned);
    closed.countDown();
    LOG.info("controller {} stopped", config.id());
  }

  private static void closeAll(List<AutoCloseable> resources) {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("closing {}: {}", c, e.toString());
      }
    }
  }

  /** Starts a controller, with an identity source or clock of the caller's choosing. */
  public static final class Builder {
    private final ControllerConfig config;
    private IdentitySource identity;
    private Clock clock = Clock.systemUTC();
    private DecisionLog decisionLog;

    private Builder(ControllerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Uses {@code source} instead of the Workload API. */
    public Builder identity(IdentitySource source) {
      this.identity = Objects.requireNonNull(source, "source");
      return this;
    }

    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /** Logs decisions to {@code log} instead of {@code policy.audit_log}. */
    public Builder decisionLog(DecisionLog log) {
      this.decisionLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * Starts the controller.
     *
     * @throws ControllerException with what failed (the Workload API, the store, a port)
     */
    public Controller start() throws ControllerException {
      List<AutoCloseable> owned = new ArrayList<>();
      ControlLoop loop = null;
      Southbound southbound = null;
      try {
        IdentitySource source = identity != null ? identity : workloadApi(owned);
        SpiffeId self = source.current().svid().id();
        Supplier<PolicySnapshot> policies = policies(owned);
        RegoAuthorizer authorizer = RegoAuthorizer.create(policies, config.decisionPath(), clock);
        owned.add(authorizer);
        DecisionLog audit = auditLog(owned);
        ControllerPolicy policy =
            new ControllerPolicy(
                DecisionPoint.create(authorizer, audit, clock),
                config.decisionPath(),
                () -> source.current().svid().id());
        ControllerStore store = openStore();
        owned.add(store);
        ControllerMetrics metrics = new ControllerMetrics();
        loop = new ControlLoop(config.id(), store, policy, config.limits(), clock, metrics);
        loop.load(config);
        southbound = Southbound.start(config.southbound(), source, loop, config.limits(), clock);
        InetSocketAddress south = southbound.address();
        Northbound[] north = new Northbound[1];
        Api api =
            new Api(
                loop,
                metrics,
                () ->
                    new Object[] {
                      source.current().svid().id().toString(),
                      Endpoints.format(south),
                      north[0] == null || north[0].address() == null
                          ? ""
                          : Endpoints.format(north[0].address())
                    });
        if (config.northbound().isPresent() || config.adminSocket().isPresent()) {
          north[0] =
              Northbound.start(
                  api,
                  policy,
                  config.limits(),
                  source,
                  clock,
                  config.northbound().orElse(null),
                  config.adminSocket().orElse(null));
        }
        Controller controller = new Controller(config, southbound, north[0], loop, owned);
        LOG.info(
            "controller {} ({}) listening: southbound {}, API {}, admin socket {}; store {}",
            config.id(),
            self,
            Endpoints.format(south),
            controller.apiAddress().map(Endpoints::format).orElse("none"),
            config.adminSocket().map(Path::toString).orElse("none"),
            config.store());
        return controller;
      } catch (Refusal e) {
        cleanUp(loop, southbound, owned);
        throw new ControllerException("controller " + config.id() + ": " + e.getMessage(), e);
      } catch (IOException | RuntimeException e) {
        cleanUp(loop, southbound, owned);
        throw new ControllerException(
            "controller " + config.id() + ": cannot start: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cleanUp(loop, southbound, owned);
        throw new ControllerException("controller " + config.id() + ": interrupted", e);
      } catch (ControllerException e) {
        cleanUp(loop, southbound, owned);
        throw e;
      }
    }

    private ControllerStore openStore() throws ControllerException {
      try {
        return ControllerStore.open(config.store().connection(), clock);
      } catch (Exception e) {
        throw new ControllerException(
            "controller " + config.id() + ": data store " + config.store() + ": " + e.getMessage(),
            e);
      }
    }

    private IdentitySource workloadApi(List<AutoCloseable> owned) throws ControllerException {
      WorkloadApiEndpoint endpoint;
      try {
        endpoint =
            config
                .workloadApiSocket()
                .map(WorkloadApiEndpoint::ofSocket)
                .orElseGet(WorkloadApiEndpoint::fromEnvironment);
      } catch (IllegalArgumentException e) {
        throw new ControllerException(
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
        throw new ControllerException(
            "identity: no X.509-SVID from the Workload API at " + endpoint + ": " + e.getMessage(),
            e);
      }
    }

    private Supplier<PolicySnapshot> policies(List<AutoCloseable> owned)
        throws ControllerException {
      try {
        if (config.policyPaths().isEmpty()) {
          PolicySnapshot builtIn = ControllerPolicy.defaultPolicy();
          return () -> builtIn;
        }
        PolicyWatcher watcher = PolicyWatcher.builder(config.policyPaths()).start();
        owned.add(watcher);
        return watcher;
      } catch (PolicyException e) {
        throw new ControllerException("policy.paths: " + e.getMessage(), e);
      }
    }

    private DecisionLog auditLog(List<AutoCloseable> owned) throws ControllerException {
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
        throw new ControllerException(
            "policy.audit_log: " + config.auditLog().get() + " cannot be opened: " + e.getMessage(),
            e);
      }
    }

    private static void cleanUp(
        ControlLoop loop, Southbound southbound, List<AutoCloseable> owned) {
      if (southbound != null) {
        southbound.close();
      }
      if (loop != null) {
        loop.close();
      }
      closeAll(owned);
    }
  }
}
