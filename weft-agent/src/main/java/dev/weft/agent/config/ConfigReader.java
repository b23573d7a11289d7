package dev.weft.agent.config;

import dev.weft.agent.config.AuthorizationConfig.DefaultPolicy;
import dev.weft.agent.config.ServerConfig.CertSource;
import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.server.ServerLimits;
import dev.weft.config.ConfigException;
import dev.weft.config.ConfigFile;
import dev.weft.config.Section;
import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Maps the file, with environment overrides applied, onto {@link AgentConfig}. */
final class ConfigReader {
  static final String[] TOP_KEYS = {
    "profile",
    "identity",
    "authorization",
    "server",
    "agent_registry",
    "observability",
    "metadata",
    "agent",
    "fabric"
  };
  private static final String SOCKET = "a unix socket: unix:///path or a path";
  private static final String HOST = "a host name or IP address to bind, such as 0.0.0.0";
  private static final String ADVERTISE =
      "host:port or an https URI, such as aws-agent.example.org:8443";
  private static final String CLASS = "a fully qualified class name such as com.example.MyAgent";
  private static final String JAVA_NAME = "[A-Za-z_$][A-Za-z0-9_$]*";

  private ConfigReader() {}

  static AgentConfig read(Path file, Map<String, String> env) throws ConfigException {
    Section top = ConfigFile.read(file, EnvOverrides.RULES, env, TOP_KEYS);
    Path directory = top.directory();
    Profile profile =
        top.choice("profile", Profile.values(), Profile::configName).orElse(Profile.DEVELOPMENT);
    Section identitySection = top.sectionOrEmpty("identity");
    IdentityConfig identity = identity(identitySection, directory);
    Section authzSection = top.sectionOrEmpty("authorization");
    AuthorizationConfig authorization = Authorization.read(authzSection, directory);
    Section serverSection = top.sectionOrEmpty("server");
    ServerConfig server = server(serverSection);
    Map<String, PeerConfig> registry = Registry.read(top.sectionOrEmpty("agent_registry"));
    Map<String, String> metadata = top.stringMap("metadata");
    ObservabilityConfig observability =
        Observability.read(top.sectionOrEmpty("observability"), metadata.get("name"));
    ImplementationConfig agent = agent(top.sectionOrEmpty("agent"));
    Optional<FabricConfig> fabric =
        top.has("fabric") ? Optional.of(fabric(top.sectionOrEmpty("fabric"))) : Optional.empty();
    if (profile == Profile.PRODUCTION) {
      String production = " when profile is production";
      if (authorization.defaultPolicy() == DefaultPolicy.ALLOW_ALL) {
        throw authzSection.error("default_policy", "deny_all" + production);
      }
      if (!server.mtls().enabled()) {
        throw serverSection.sectionOrEmpty("mtls").error("enabled", "true" + production);
      }
      if (identity.allowedTrustDomains().isEmpty()) {
        throw identitySection.error(
            "allowed_trust_domains", "at least one trust domain" + production);
      }
    }
    return new AgentConfig(
        profile, identity, authorization, server, registry, observability, metadata, agent, fabric);
  }

  private static IdentityConfig identity(Section s, Path directory) throws ConfigException {
    s.allow(
        "spiffe_id",
        "spire_socket",
        "workload_api_socket",
        "trust_domain",
        "allowed_trust_domains");
    Optional<SpiffeId> id = s.value("spiffe_id", Ids.SPIFFE_ID, Ids::spiffeId);
    if (s.has("spire_socket") && s.has("workload_api_socket")) {
      throw s.error(
          "workload_api_socket",
          "set together with " + s.keyOf("spire_socket"),
          "only one of them");
    }
    String socketKey = s.has("spire_socket") ? "spire_socket" : "workload_api_socket";
    Optional<Path> socket = s.value(socketKey, SOCKET, text -> socket(text, directory));
    Optional<TrustDomain> td = s.value("trust_domain", Ids.TRUST_DOMAIN, Ids::trustDomain);
    if (id.isPresent() && td.isPresent() && !id.get().isMemberOf(td.get())) {
      throw s.error(
          "spiffe_id",
          "an ID in trust domain " + td.get() + ", as " + s.keyOf("trust_domain") + " says");
    }
    List<TrustDomain> allowed =
        s.list(
                "allowed_trust_domains",
                "a list of trust domains",
                Ids.TRUST_DOMAIN,
                Ids::trustDomain)
            .orElse(List.of());
    return new IdentityConfig(
        id,
        socket,
        td.isPresent() ? td : id.map(SpiffeId::trustDomain),
        allowed.stream().distinct().toList());
  }

  /**
   * A Workload API socket, {@code unix:///path}, {@code unix:/path} or a path (relative to {@code
   * directory}).
   *
   * @throws IllegalArgumentException for any other address
   */
  private static Path socket(String text, Path directory) {
    String path;
    if (text.startsWith("unix://")) {
      path = text.substring("unix://".length());
    } else if (text.startsWith("unix:")) {
      path = text.substring("unix:".length());
    } else if (text.contains("://")) {
      throw new IllegalArgumentException();
    } else {
      path = text;
    }
    if (text.startsWith("unix:") && !path.startsWith("/")) {
      throw new IllegalArgumentException();
    }
    return directory.resolve(Path.of(path)).normalize();
  }

  private static ServerConfig server(Section s) throws ConfigException {
    s.allow("host", "port", "mtls", "advertise_address", "metrics_port", "limits");
    String host = s.value("host", HOST, ConfigReader::bindHost).orElse("0.0.0.0");
    int port = s.integer("port", 0, 65535).orElse(8443);
    Section mtls = s.sectionOrEmpty("mtls").allow("enabled", "cert_source");
    if (!mtls.bool("enabled").orElse(true)) {
      throw mtls.error(
          "enabled",
          "true; an agent always requires its callers' X.509-SVIDs"
              + " (mutual TLS cannot be turned off)");
    }
    ServerConfig.Mtls m =
        new ServerConfig.Mtls(
            true,
            mtls.choice("cert_source", CertSource.values(), CertSource::configName)
                .orElse(CertSource.SPIRE));
    Optional<URI> advertise = s.value("advertise_address", ADVERTISE, ConfigReader::advertise);
    Optional<Integer> metrics = s.integer("metrics_port", 0, 65535);
    return new ServerConfig(
        host,
        port,
        m,
        advertise,
        metrics.isPresent() ? OptionalInt.of(metrics.get()) : OptionalInt.empty(),
        limits(s.sectionOrEmpty("limits")));
  }

  /** A host name or IP address to bind. */
  private static String bindHost(String text) {
    if (!text.matches("[A-Za-z0-9.:_%\\[\\]-]+")) {
      throw new IllegalArgumentException();
    }
    return text;
  }

  /** {@code host:port} or {@code https://host:port}, as {@code https://host:port}. */
  private static URI advertise(String text) {
    URI uri = Uris.parse(text.contains("://") ? text : "https://" + text);
    if (uri == null
        || !"https".equals(uri.getScheme())
        || !Uris.plainServer(uri)
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
      throw new IllegalArgumentException();
    }
    return uri;
  }

  /** {@code server.limits}: the same size keys and grammar as the trust server's limits. */
  private static ServerLimits limits(Section s) throws ConfigException {
    s.allow(
        "max_request_bytes",
        "max_header_bytes",
        "max_json_depth",
        "max_json_string",
        "max_connections",
        "max_concurrent_calls",
        "handshake_timeout",
        "request_read_timeout",
        "idle_timeout");
    ServerLimits d = ServerLimits.defaults();
    return new ServerLimits(
        s.size("max_request_bytes", 1, 1L << 30).orElse(d.maxBodyBytes()),
        s.size("max_header_bytes", 1 << 10, 1 << 20).orElse((long) d.maxHeaderBytes()).intValue(),
        s.integer("max_json_depth", 1, 10_000).orElse(d.maxJsonDepth()),
        s.size("max_json_string", 1, 1L << 30).orElse((long) d.maxJsonStringBytes()).intValue(),
        s.integer("max_connections", 1, 1_000_000).orElse(d.maxConnections()),
        s.integer("max_concurrent_calls", 1, 1_000_000).orElse(d.maxConcurrentCalls()),
        s.duration("handshake_timeout").orElse(d.handshakeTimeout()),
        s.duration("request_read_timeout").orElse(d.requestReadTimeout()),
        s.duration("idle_timeout").orElse(d.idleTimeout()));
  }

  /** {@code fabric}: the node (required), the name served and the node's expected SPIFFE ID. */
  private static FabricConfig fabric(Section s) throws ConfigException {
    s.allow("node", "name", "expect_node");
    String expected = "a fabric node's local_endpoint, host:port, such as 127.0.0.1:7401";
    String node =
        s.value("node", expected, ConfigReader::hostPort)
            .orElseThrow(() -> s.missing("node", expected));
    Optional<Name> name =
        s.value(
            "name",
            "a fabric service name org/namespace/service, such as example.org/agents/search",
            ConfigReader::serviceName);
    Optional<SpiffeId> expectNode = s.value("expect_node", Ids.SPIFFE_ID, Ids::spiffeId);
    return new FabricConfig(node, name, expectNode);
  }

  /** {@code host:port} with a port from 1 to 65535. */
  private static String hostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || !text.substring(0, colon).matches("[A-Za-z0-9.:_%\\[\\]-]+")) {
      throw new IllegalArgumentException();
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(e);
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException();
    }
    return text;
  }

  /** A service name: three components (an instance name is one client's, not an agent's). */
  private static Name serviceName(String text) {
    Name name = Name.parse(text);
    if (name.isInstance()) {
      throw new IllegalArgumentException();
    }
    return name;
  }

  private static ImplementationConfig agent(Section s) throws ConfigException {
    s.allow("class", "default_capability", "skills");
    Optional<String> className =
        s.value(
            "class",
            CLASS,
            text -> {
              if (!text.matches("(" + JAVA_NAME + "\\.)*" + JAVA_NAME)) {
                throw new IllegalArgumentException();
              }
              return text;
            });
    Section skills = s.sectionOrEmpty("skills");
    Map<String, String> descriptions = new java.util.LinkedHashMap<>();
    String description = "what the capability does, as the agent card shows it";
    for (String name : skills.names()) {
      Section skill = skills.sectionOrEmpty(name).allow("description");
      descriptions.put(
          name,
          skill
              .string("description", description)
              .orElseThrow(() -> skill.missing("description", description)));
    }
    return new ImplementationConfig(
        className, s.string("default_capability", "a capability name"), descriptions);
  }
}
