package dev.weft.agent.runtime;

import dev.weft.agent.client.AgentRegistry;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.config.AgentConfig;
import dev.weft.agent.config.FabricConfig;
import dev.weft.agent.observability.Observability;
import dev.weft.agent.observability.ObservabilityConfig.LogFormat;
import dev.weft.agent.server.AgentServer;
import dev.weft.config.ConfigException;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import dev.weft.policy.Authorizer;
import dev.weft.policy.DecisionLog;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A running agent: identity from the Workload API (the SVID whose SPIFFE ID is {@code
 * identity.spiffe_id}), the configured authorizer and audit log (inbound and outbound), the client
 * with the agent registry, the HTTPS server, metrics and traces. With {@code
 * observability.logging.format: json} it also configures the process's logging ({@link
 * JsonLogging}): this is the runtime of {@code weft agent run}, not the SDK, which leaves logging
 * to the application. With a {@code fabric} section it connects to that node, calls out over it
 * and, with {@code fabric.name}, serves its capabilities there too, every session with MLS. {@link
 * #close()} stops everything in the reverse order.
 */
public final class AgentRuntime implements AutoCloseable {

  private final List<AutoCloseable> parts = new ArrayList<>();
  private AgentServer server;
  private Observability observability;

  private AgentRuntime() {}

  /**
   * Starts the agent described by {@code config}, serving {@code agent}'s capabilities.
   *
   * @param env the environment (for {@code SPIFFE_ENDPOINT_SOCKET} when the file names no socket)
   * @throws ConfigException when a part cannot start; everything started is closed again
   */
  public static AgentRuntime start(AgentConfig config, Object agent, Map<String, String> env)
      throws ConfigException {
    AgentRuntime runtime = new AgentRuntime();
    try {
      runtime.startParts(config, agent, env);
      return runtime;
    } catch (ConfigException | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /** Instantiates {@code agent.class} (a public no-argument constructor). */
  public static Object instantiate(AgentConfig config) throws ConfigException {
    String name =
        config
            .agent()
            .className()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "agent.class: missing (expected: the Java class of the agent)"));
    try {
      return Class.forName(name).getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ConfigException(
          "agent.class: \""
              + name
              + "\" cannot be instantiated: "
              + e
              + " (expected: a public class with a public no-argument constructor)",
          e);
    }
  }

  private void startParts(AgentConfig config, Object agent, Map<String, String> env)
      throws ConfigException {
    var logging = config.observability().logging();
    if (logging.format() == LogFormat.JSON) {
      JsonLogging.install(logging);
    }
    observability = Observability.create(config.observability());
    parts.add(observability);
    SvidSource source = identity(config, env);
    parts.add(source);
    DecisionLog audit = auditLog(config);
    parts.add(audit);
    Clock clock = Clock.systemUTC();
    // One authorizer and one audit log for both directions: the server's and the client's
    // DecisionPoint each write every decision they make (inbound: trust domain, guards, policy;
    // outbound: the policy) to the audit log, once.
    Authorizer authorizer = Authorizers.create(config.authorization(), clock);
    parts.add(authorizer);
    List<AgentRegistry.Entry> entries = new ArrayList<>();
    config
        .agentRegistry()
        .values()
        .forEach(
            p ->
                entries.add(
                    new AgentRegistry.Entry(p.name(), p.spiffeId(), p.address(), p.group())));
    ClientConfig.Builder clientConfig =
        ClientConfig.builder(source, authorizer)
            .auditLog(audit)
            .registry(AgentRegistry.of(entries))
            .observer(observability.observer())
            .clock(clock);
    SessionEndpoint sessions = null;
    if (config.fabric().isPresent()) {
      sessions = fabric(config, source);
      clientConfig.fabric(sessions);
    }
    MeshClient client = Agents.client(clientConfig.build());
    parts.add(client);
    AgentServer.Builder builder =
        describedBuilder(config, agent)
            .identity(source)
            .authorizer(authorizer)
            .observer(observability.observer())
            .metrics(observability::scrape)
            .auditLog(audit)
            .allowedTrustDomains(new HashSet<>(config.identity().allowedTrustDomains()))
            .host(config.server().host())
            .port(config.server().port())
            .limits(config.server().limits())
            .client(client)
            .clock(clock);
    config.server().advertiseAddress().ifPresent(builder::advertisedUrl);
    server = builder.build().start();
    parts.add(server);
    if (sessions != null && config.fabric().get().name().isPresent()) {
      Name name = config.fabric().get().name().get();
      try {
        parts.add(server.serveFabric(sessions, name));
      } catch (FabricException e) {
        throw new ConfigException(
            "fabric.name: " + name + " cannot be served: " + e.getMessage(), e);
      }
    }
    if (config.server().metricsPort().isPresent()) {
      try {
        parts.add(MetricsEndpoint.start(config.server().metricsPort().getAsInt(), observability));
      } catch (IOException e) {
        throw new ConfigException(
            "server.metrics_port: "
                + config.server().metricsPort().getAsInt()
                + " cannot be bound: "
                + e.getMessage(),
            e);
      }
    }
  }

  /**
   * Connects to {@code fabric.node} with the agent's identity and starts the session endpoint every
   * fabric call goes through (both added to the parts, closed in reverse). Every session is an MLS
   * group with the agent's SVID; peers are admitted when their SVID chains to the agent's bundles
   * and, with {@code identity.allowed_trust_domains}, their trust domain is listed.
   */
  private SessionEndpoint fabric(AgentConfig config, SvidSource source) throws ConfigException {
    FabricConfig fabric = config.fabric().orElseThrow();
    FabricClient client;
    try {
      FabricClient.Builder b = FabricClient.builder(source).node(fabric.node());
      fabric.expectNode().ifPresent(b::expectNode);
      client = b.connect();
    } catch (FabricException | IllegalArgumentException e) {
      throw new ConfigException(
          "fabric.node: " + fabric.node() + " cannot be reached: " + e.getMessage(), e);
    }
    parts.add(client);
    try {
      Set<TrustDomain> allowed = Set.copyOf(config.identity().allowedTrustDomains());
      SessionEndpoint sessions =
          SessionEndpoint.builder(client)
              .mls(
                  MlsMember.of(source),
                  id -> allowed.isEmpty() || allowed.contains(id.trustDomain()))
              .start();
      parts.add(sessions);
      return sessions;
    } catch (FabricException e) {
      throw new ConfigException(
          "fabric.node: " + fabric.node() + " refused the session endpoint: " + e.getMessage(), e);
    }
  }

  private static SvidSource identity(AgentConfig config, Map<String, String> env)
      throws ConfigException {
    WorkloadApiEndpoint endpoint;
    try {
      endpoint =
          config
              .identity()
              .workloadApiSocket()
              .map(WorkloadApiEndpoint::ofSocket)
              .orElseGet(
                  () ->
                      WorkloadApiEndpoint.parse(
                          env.getOrDefault(WorkloadApiEndpoint.ENV_VARIABLE, "")));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "identity.workload_api_socket: "
              + e.getMessage()
              + " (set it, or SPIFFE_ENDPOINT_SOCKET)",
          e);
    }
    SvidSourceConfig.Builder svids = SvidSourceConfig.builder();
    config.identity().spiffeId().ifPresent(id -> svids.svidSelector(SvidSelector.byId(id)));
    try {
      return SvidSource.start(endpoint, svids.build());
    } catch (WorkloadApiException e) {
      throw new ConfigException(
          "identity: no X.509-SVID from the Workload API at "
              + endpoint
              + config.identity().spiffeId().map(id -> " for " + id).orElse("")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static DecisionLog auditLog(AgentConfig config) throws ConfigException {
    var path = config.authorization().auditLog();
    if (path.isEmpty()) {
      return DecisionLog.noop();
    }
    try {
      return DecisionLog.jsonLines(path.get(), List.of());
    } catch (IOException e) {
      throw new ConfigException(
          "authorization.audit_log: " + path.get() + " cannot be opened: " + e.getMessage(), e);
    }
  }

  /**
   * The A2A agent card the agent would serve, from its configuration and capabilities alone (no
   * identity, nothing started). The URL is {@code server.advertise_address}, else {@code
   * https://<host>:<port>/}.
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode card(
      AgentConfig config, Object agent) throws ConfigException {
    URI url =
        config
            .server()
            .advertiseAddress()
            .orElse(
                URI.create(
                    "https://"
                        + ("0.0.0.0".equals(config.server().host())
                            ? "localhost"
                            : config.server().host())
                        + ":"
                        + config.server().port()
                        + "/"));
    AgentServer.Builder builder =
        describedBuilder(config, agent)
            .identity(
                () -> {
                  throw new IllegalStateException("the card needs no identity");
                })
            .advertisedUrl(url);
    return builder.build().agentCard();
  }

  /**
   * A server builder with what the agent card shows: the agent's capabilities, its name, version
   * and description ({@code metadata}), each skill's description ({@code agent.skills}, else the
   * {@code @Capability} one) and the default capability.
   *
   * @throws ConfigException when the card would lack a description: {@code metadata.description} is
   *     missing, or a capability has none; or {@code agent.skills} names no capability
   */
  private static AgentServer.Builder describedBuilder(AgentConfig config, Object agent)
      throws ConfigException {
    String description = config.metadata().getOrDefault("description", "").strip();
    if (description.isEmpty()) {
      throw new ConfigException(
          "metadata.description: missing (expected: what this agent does,"
              + " in a sentence; its A2A agent card shows it)");
    }
    AgentServer.Builder builder =
        AgentServer.builder()
            .agent(agent)
            .name(config.metadata().getOrDefault("name", agent.getClass().getSimpleName()))
            .description(description)
            .version(config.metadata().getOrDefault("version", "0.1.0"));
    Map<String, String> declared = builder.capabilityDescriptions();
    for (var skill : config.agent().skillDescriptions().entrySet()) {
      if (!declared.containsKey(skill.getKey())) {
        throw new ConfigException(
            "agent.skills."
                + skill.getKey()
                + ": not a capability of "
                + agent.getClass().getName()
                + " (expected one of: "
                + String.join(", ", declared.keySet())
                + ")");
      }
      builder.skillDescription(skill.getKey(), skill.getValue());
    }
    for (var capability : builder.capabilityDescriptions().entrySet()) {
      if (capability.getValue().isBlank()) {
        throw new ConfigException(
            "agent.skills."
                + capability.getKey()
                + ".description: missing"
                + " (expected: what the capability does; its @Capability gives no description)");
      }
    }
    config.agent().defaultCapability().ifPresent(builder::defaultCapability);
    return builder;
  }

  /**
   * The address other agents are told to use: {@code server.advertise_address}, else the bound one.
   */
  public URI url() {
    return server.url();
  }

  /** The address the server listens on, with its bound port. */
  public URI listenUrl() {
    return server.listenUrl();
  }

  /** The server's bound port. */
  public int port() {
    return server.port();
  }

  /** The observability of this agent (metrics text, observer). */
  public Observability observability() {
    return observability;
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    parts.clear();
  }
}
