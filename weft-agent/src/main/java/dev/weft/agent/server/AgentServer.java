package dev.weft.agent.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.agent.AgentClient;
import dev.weft.agent.observability.CallObserver;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.Subscription;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.policy.Authorizer;
import dev.weft.policy.DecisionLog;
import dev.weft.policy.DecisionPoint;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Serves an agent's capabilities over A2A 0.3 JSON-RPC on HTTPS with SPIFFE mutual TLS, HTTP/1.1
 * and HTTP/2 (ALPN), on virtual threads.
 *
 * <p>The server presents the current SVID of its {@link IdentitySource} (its SPIFFE ID is the
 * callee in policy requests) and requires a client SVID that verifies against the bundle of the
 * client's own trust domain; a client of a domain without a bundle fails the handshake. Every call
 * then runs: authenticate (the trust domain must be allowed, when a list is set), {@link
 * dev.weft.agent.RequiresPeer} guards, the {@link Authorizer}, and dispatch on a virtual thread
 * within the call's deadline ({@code x-weft-deadline-ms}, default 30 s, at most 5 min). Every
 * decision is made and written to the audit {@link DecisionLog} by one {@link DecisionPoint}.
 *
 * <p>Routes: {@code POST /} (JSON-RPC: {@code message/send}, {@code message/stream}, {@code
 * tasks/get}, {@code tasks/cancel}), {@code GET /.well-known/agent-card.json} and {@code
 * /.well-known/agent.json} (the AgentCard), {@code GET /healthz}, {@code /readyz} and, when {@link
 * Builder#metrics} is set, {@code /metrics} (else 404). Open connections are reported to the
 * observer ({@link CallObserver#connections}) while Helidon serves them.
 *
 * <pre>{@code
 * try (AgentServer server = AgentServer.builder()
 *         .identity(svidSource)
 *         .authorizer(regoAuthorizer)
 *         .agent(new SearchAgent())
 *         .port(8443)
 *         .build()
 *         .start()) {
 *   ...
 * }
 * }</pre>
 */
public final class AgentServer implements AutoCloseable {

  /** The {@code Content-Type} of {@code GET /metrics}: Prometheus text exposition 0.0.4. */
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ServerSettings settings;
  private final String host;
  private final int requestedPort;
  private final String name;
  private final String description;
  private final String version;
  private final URI advertisedUrl;
  private final boolean authorizerConfigured;
  private final Supplier<String> metrics; // null: no /metrics
  private final Object lock = new Object();

  @GuardedBy("lock")
  private WebServer server;

  @GuardedBy("lock")
  private ConnectionGuard guard;

  private AgentServer(Builder b, ServerSettings settings) {
    this.settings = settings;
    this.host = b.host;
    this.requestedPort = b.port;
    this.name = b.name;
    this.description = b.description;
    this.version = b.version;
    this.advertisedUrl = b.advertisedUrl;
    this.authorizerConfigured = b.authorizer != null;
    this.metrics = b.metrics;
  }

  /** A builder; {@link Builder#identity} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts listening.
   *
   * @return this server
   * @throws IllegalStateException if it was started already
   */
  public AgentServer start() {
    synchronized (lock) {
      if (server != null) {
        throw new IllegalStateException("agent server: already started");
      }
      ServerLimits limits = settings.limits();
      guard = new ConnectionGuard(limits, settings.observer());
      // Helidon asks for one engine per accepted connection (with the peer's host and port), on
      // the connection's own thread, before the handshake: the guard counts (or refuses) it there.
      ConnectionGuard counted = guard;
      SSLContext context =
          SpiffeTls.serverContext(
              settings.source(),
              PeerAuthorizer.any(),
              settings.clock(),
              (peerHost, peerPort) -> counted.accepted(peerHost + ":" + peerPort));
      Tls tls =
          Tls.builder()
              .sslContext(context)
              .clientAuth(TlsClientAuth.REQUIRED)
              .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE)
              .build();
      RpcHandler rpc = new RpcHandler(settings, guard);
      ConnectionGuard connections = guard;
      HttpRouting.Builder routing =
          HttpRouting.builder()
              .addFilter(
                  (chain, req, res) -> {
                    connections.requestStarted();
                    try {
                      chain.proceed();
                    } finally {
                      connections.requestEnded();
                    }
                  })
              .post("/", rpc)
              .get("/.well-known/agent-card.json", (req, res) -> json(res, agentCard()))
              .get("/.well-known/agent.json", (req, res) -> json(res, agentCard()))
              .get("/healthz", (req, res) -> json(res, status("UP", null)))
              .get("/readyz", (req, res) -> ready(res))
              .get("/metrics", (req, res) -> metrics(res));
      Duration idle = limits.idleTimeout();
      Duration idleCheck =
          idle.dividedBy(4).compareTo(Duration.ofSeconds(30)) > 0
              ? Duration.ofSeconds(30)
              : idle.dividedBy(4);
      try {
        server =
            WebServer.builder()
                .host(host)
                .port(requestedPort)
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(200))
                // Helidon leaves Nagle's algorithm on; an HTTP/2 answer is several writes
                // (headers, data), so the last one would wait for the client's delayed ACK.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .tls(tls)
                .useNio(true)
                .maxPayloadSize(limits.maxBodyBytes())
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(idleCheck.isZero() ? Duration.ofMillis(1) : idleCheck)
                // Helidon's own messages (never the request's content) reach RefusalHandler.
                .errorHandling(e -> e.includeEntity(true))
                .directHandlers(
                    d ->
                        d.addHandler(
                            DirectHandler.EventType.BAD_REQUEST,
                            new RefusalHandler(settings.observer())))
                .connectionSelectors(
                    CountingSelectors.of(WebServer.DEFAULT_SOCKET_NAME, limits, guard))
                .routing(routing)
                .build()
                .start();
      } catch (RuntimeException e) {
        guard.close();
        guard = null;
        throw e;
      }
      return this;
    }
  }

  /**
   * The port listened on (the one chosen when 0 was asked for).
   *
   * @throws IllegalStateException if not started
   */
  public int port() {
    synchronized (lock) {
      if (server == null) {
        throw new IllegalStateException("agent server: not started");
      }
      return server.port();
    }
  }

  /**
   * The address this server listens on, {@code https://<host>:<port>/} with the bound port (the
   * advertised URL may differ: see {@link #url()}).
   *
   * @throws IllegalStateException if not started
   */
  public URI listenUrl() {
    String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create("https://" + shown + ":" + port() + "/");
  }

  /** The URL in the agent card: the advertised one, else {@code https://<host>:<port>/}. */
  public URI url() {
    return advertisedUrl != null
        ? advertisedUrl
        : URI.create("https://" + host + ":" + port() + "/");
  }

  /** The A2A AgentCard served at the well-known paths (a fresh copy). */
  public ObjectNode agentCard() {
    return AgentCardJson.of(
        name, description, url().toString(), version, settings.capabilities().values());
  }

  /**
   * Also serves this agent's capabilities to calls that come over the fabric: accepts sessions on
   * {@code name} with {@code sessions} and answers each request in them exactly as a direct call
   * (the same trust-domain step, peer guards, policy, capability and error mapping), with the
   * caller's SPIFFE ID taken only from the session's MLS-authenticated peer identity. A session
   * without MLS is refused: its requests are answered UNAUTHENTICATED and nothing runs. The
   * endpoint should be built with MLS ({@code SessionEndpoint.Builder#mls}). Needs no {@link
   * #start()}; close the returned subscription to stop accepting.
   *
   * @throws FabricException when the node refuses the subscription to {@code name} (its policy)
   */
  public Subscription serveFabric(SessionEndpoint sessions, Name name) throws FabricException {
    return sessions.accept(name, new FabricInbound(settings));
  }

  /** Stops listening; running calls are interrupted. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (server != null && server.isRunning()) {
        server.stop();
      }
      if (guard != null) {
        guard.close();
      }
    }
  }

  private void ready(ServerResponse res) {
    String problem = null;
    try {
      settings.source().current();
    } catch (RuntimeException e) {
      problem = "no SVID yet: " + e.getMessage();
    }
    if (problem == null && !authorizerConfigured) {
      problem = "no authorizer is configured";
    }
    if (problem != null) {
      res.status(Status.SERVICE_UNAVAILABLE_503);
    }
    json(res, status(problem == null ? "READY" : "NOT_READY", problem));
  }

  private void metrics(ServerResponse res) {
    if (metrics == null) {
      res.status(Status.NOT_FOUND_404).send();
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, METRICS_CONTENT_TYPE);
    res.send(metrics.get().getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode status(String status, String reason) {
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("status", status);
    return reason == null ? node : node.put("reason", reason);
  }

  private static void json(ServerResponse res, ObjectNode body) {
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Configures an {@link AgentServer}. Not thread-safe. */
  public static final class Builder {
    private IdentitySource identity;
    private Authorizer authorizer;
    private CallObserver observer = CallObserver.noop();
    private DecisionLog auditLog = DecisionLog.noop();
    private Set<TrustDomain> allowedTrustDomains = Set.of();
    private String host = "0.0.0.0";
    private int port = 8443;
    private final List<CapabilityDef> capabilities = new ArrayList<>();
    private String name = "weft-agent";
    private String description = "";
    private String version = "0.1.0";
    private URI advertisedUrl;
    private String defaultCapability;
    private AgentClient client;
    private Clock clock = Clock.systemUTC();
    private int maxTasks = 1000;
    private ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    private Supplier<String> metrics;
    private ServerLimits limits = ServerLimits.defaults();
    private final Map<String, String> skillDescriptions = new LinkedHashMap<>();

    private Builder() {}

    /** What the server accepts from callers; default {@link ServerLimits#defaults()}. */
    public Builder limits(ServerLimits newLimits) {
      this.limits = Objects.requireNonNull(newLimits, "limits");
      return this;
    }

    /** Where the server's SVID and bundles come from (required); its SPIFFE ID is "self". */
    public Builder identity(IdentitySource source) {
      this.identity = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The policy asked about every call; without one, every call is denied. */
    public Builder authorizer(Authorizer newAuthorizer) {
      this.authorizer = Objects.requireNonNull(newAuthorizer, "authorizer");
      return this;
    }

    /** Where spans and metrics go; default {@link CallObserver#noop()}. */
    public Builder observer(CallObserver newObserver) {
      this.observer = Objects.requireNonNull(newObserver, "observer");
      return this;
    }

    /**
     * Where every decision of the pipeline goes (trust domain, peer guards, policy), one entry
     * each; default {@link DecisionLog#noop()}. Not closed by the server.
     */
    public Builder auditLog(DecisionLog log) {
      this.auditLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * The trust domains callers may come from; default empty: any domain the identity source has a
     * bundle for (TLS already enforces that).
     */
    public Builder allowedTrustDomains(Set<TrustDomain> domains) {
      this.allowedTrustDomains = Set.copyOf(new TreeSet<>(domains));
      return this;
    }

    /**
     * Serves {@code GET /metrics} with the text {@code exposition} returns (Prometheus text format
     * 0.0.4, read on every request, from the request's virtual thread) to any caller that passed
     * mutual TLS; default none: {@code /metrics} answers 404.
     */
    public Builder metrics(Supplier<String> exposition) {
      this.metrics = Objects.requireNonNull(exposition, "exposition");
      return this;
    }

    /** The address to listen on; default {@code 0.0.0.0}. */
    public Builder host(String newHost) {
      this.host = Objects.requireNonNull(newHost, "host");
      return this;
    }

    /** The port to listen on, 0 for any free one; default 8443. */
    public Builder port(int newPort) {
      if (newPort < 0 || newPort > 65535) {
        throw new IllegalArgumentException("port: " + newPort + " (expected: 0 to 65535)");
      }
      this.port = newPort;
      return this;
    }

    /**
     * Serves every {@link dev.weft.agent.Capability} method of {@code agent} (in the order of their
     * names), guarded by {@link dev.weft.agent.RequiresPeer} on the method or its class.
     *
     * @throws IllegalArgumentException for a method that cannot be a capability
     */
    public Builder agent(Object agent) {
      Objects.requireNonNull(agent, "agent");
      capabilities.addAll(AgentScanner.scan(agent, json));
      return this;
    }

    /** Serves {@code handler} as the capability {@code name}, with no peer guard. */
    public Builder capability(
        String capabilityName,
        String capabilityDescription,
        boolean idempotent,
        CapabilityHandler handler) {
      capabilities.add(
          new CapabilityDef(capabilityName, capabilityDescription, idempotent, List.of(), handler));
      return this;
    }

    /** The agent's name in its card; default {@code weft-agent}. */
    public Builder name(String newName) {
      this.name = Objects.requireNonNull(newName, "name");
      return this;
    }

    /**
     * Describes capability {@code capabilityName} in the card as {@code skillDescription} instead
     * of its {@code @Capability} description. A name no capability has fails {@link #build()}.
     */
    public Builder skillDescription(String capabilityName, String skillDescription) {
      skillDescriptions.put(
          Objects.requireNonNull(capabilityName, "capabilityName"),
          Objects.requireNonNull(skillDescription, "skillDescription"));
      return this;
    }

    /**
     * Each capability registered so far, by name, with the description its card will show (after
     * {@link #skillDescription}), in the order of registration.
     */
    public Map<String, String> capabilityDescriptions() {
      Map<String, String> out = new LinkedHashMap<>();
      for (CapabilityDef def : capabilities) {
        out.put(def.name(), skillDescriptions.getOrDefault(def.name(), def.description()));
      }
      return out;
    }

    /** The agent's description in its card; default empty. */
    public Builder description(String newDescription) {
      this.description = Objects.requireNonNull(newDescription, "description");
      return this;
    }

    /** The agent's version in its card; default {@code 0.1.0}. */
    public Builder version(String newVersion) {
      this.version = Objects.requireNonNull(newVersion, "version");
      return this;
    }

    /** The URL in the card; default {@code https://<host>:<port>/}. */
    public Builder advertisedUrl(URI url) {
      this.advertisedUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The capability for messages that name none; default the first registered. */
    public Builder defaultCapability(String capabilityName) {
      this.defaultCapability = Objects.requireNonNull(capabilityName, "capabilityName");
      return this;
    }

    /** The client capabilities call out with ({@code CallContext.client()}); default none. */
    public Builder client(AgentClient agentClient) {
      this.client = Objects.requireNonNull(agentClient, "client");
      return this;
    }

    /** The clock for deadlines, task timestamps and decisions; default the system UTC clock. */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /** How many tasks are remembered; default 1000. */
    public Builder maxTasks(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxTasks: " + max + " (expected: >= 1)");
      }
      this.maxTasks = max;
      return this;
    }

    /**
     * The server, not started yet.
     *
     * @throws IllegalStateException without an identity, or with a duplicate capability name or an
     *     unknown default capability
     */
    public AgentServer build() {
      if (identity == null) {
        throw new IllegalStateException("identity: null (expected: an IdentitySource)");
      }
      Map<String, CapabilityDef> byName = new LinkedHashMap<>();
      for (CapabilityDef given : capabilities) {
        String described = skillDescriptions.get(given.name());
        CapabilityDef def =
            described == null
                ? given
                : new CapabilityDef(
                    given.name(), described, given.idempotent(), given.peers(), given.handler());
        if (byName.putIfAbsent(def.name(), def) != null) {
          throw new IllegalStateException(
              "capability: \"" + def.name() + "\" (expected: each name registered once)");
        }
      }
      for (String named : skillDescriptions.keySet()) {
        if (!byName.containsKey(named)) {
          throw new IllegalStateException(
              "skill description for \""
                  + named
                  + "\" (expected: one of the capabilities "
                  + byName.keySet()
                  + ")");
        }
      }
      String fallback = defaultCapability;
      if (fallback != null && !byName.containsKey(fallback)) {
        throw new IllegalStateException(
            "defaultCapability: \"" + fallback + "\" (expected: one of " + byName.keySet() + ")");
      }
      if (fallback == null && !byName.isEmpty()) {
        fallback = byName.keySet().iterator().next();
      }
      Authorizer policy =
          authorizer != null ? authorizer : Authorizer.denyAll("no authorizer is configured");
      ServerSettings settings =
          new ServerSettings(
              identity,
              DecisionPoint.create(policy, auditLog, clock),
              observer,
              allowedTrustDomains,
              Collections.unmodifiableMap(byName),
              fallback,
              client,
              clock,
              json,
              RpcHandler.bodyReader(json, limits),
              new TaskStore(maxTasks, clock),
              limits,
              new java.util.concurrent.Semaphore(limits.maxConcurrentCalls()));
      return new AgentServer(this, settings);
    }
  }
}
