package dev.weft.agent.config;

import dev.weft.agent.config.AuthorizationConfig.DefaultPolicy;
import dev.weft.agent.config.ServerConfig.CertSource;
import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.server.ServerLimits;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.policy.DecisionPath;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Maps the parsed file, with environment overrides applied, onto {@link AgentConfig}. */
final class ConfigReader {
  static final String[] TOP_KEYS = {"profile", "identity", "authorization", "server",
    "agent_registry", "observability", "metadata", "agent"};
  private static final String SPIFFE_ID = "a SPIFFE ID such as spiffe://example.org/agent";
  private static final String TRUST_DOMAIN = "a trust domain such as example.org";
  private static final String SOCKET = "a unix socket: unix:///path or a path";
  private static final String HOST = "a host name or IP address to bind, such as 0.0.0.0";
  private static final String ADVERTISE =
      "host:port or an https URI, such as aws-agent.example.org:8443";
  private static final String CLASS = "a fully qualified class name such as com.example.MyAgent";
  private static final String JAVA_NAME = "[A-Za-z_$][A-Za-z0-9_$]*";

  private ConfigReader() {}

  static AgentConfig read(Tree.Node root, Map<String, String> env, Path directory)
      throws ConfigException {
    if (root instanceof Tree.Mapping m) {
      EnvOverrides.apply(m, env);
    }
    Section top = Section.root(root, TOP_KEYS);
    Profile profile = top.choice("profile", Profile.values(), Profile::configName)
        .orElse(Profile.DEVELOPMENT);
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
    if (profile == Profile.PRODUCTION) {
      String production = " when profile is production";
      if (authorization.defaultPolicy() == DefaultPolicy.ALLOW_ALL) {
        throw authzSection.error("default_policy", "deny_all" + production);
      }
      if (!server.mtls().enabled()) {
        throw serverSection.sectionOrEmpty("mtls").error("enabled", "true" + production);
      }
      if (identity.allowedTrustDomains().isEmpty()) {
        throw identitySection.error("allowed_trust_domains",
            "at least one trust domain" + production);
      }
    }
    return new AgentConfig(profile, identity, authorization, server, registry, observability,
        metadata, agent);
  }

  private static IdentityConfig identity(Section s, Path directory) throws ConfigException {
    s.allow("spiffe_id", "spire_socket", "workload_api_socket", "trust_domain",
        "allowed_trust_domains");
    Optional<SpiffeId> id = spiffeId(s, "spiffe_id");
    if (s.has("spire_socket") && s.has("workload_api_socket")) {
      throw s.problem("workload_api_socket",
          "set together with " + s.keyOf("spire_socket") + " (expected: only one of them)", null);
    }
    String socketKey = s.has("spire_socket") ? "spire_socket" : "workload_api_socket";
    Optional<Path> socket = socket(s, socketKey, directory);
    Optional<TrustDomain> td = Optional.empty();
    Optional<String> tdText = s.string("trust_domain", TRUST_DOMAIN);
    if (tdText.isPresent()) {
      try {
        td = Optional.of(TrustDomain.parse(tdText.get()));
      } catch (InvalidSpiffeIdException e) {
        throw s.problem("trust_domain", e.getMessage(), e);
      }
    }
    if (id.isPresent() && td.isPresent() && !id.get().isMemberOf(td.get())) {
      throw s.error("spiffe_id", "an ID in trust domain " + td.get() + ", as "
          + s.keyOf("trust_domain") + " says");
    }
    List<TrustDomain> allowed = s.list("allowed_trust_domains", "a list of trust domains",
        new Section.ItemReader<TrustDomain>() {
          @Override
          public String expected() {
            return TRUST_DOMAIN;
          }

          @Override
          public TrustDomain read(String where, Tree.Scalar item) throws ConfigException {
            try {
              return TrustDomain.parse(item.text());
            } catch (InvalidSpiffeIdException e) {
              throw new ConfigException(where + ": " + e.getMessage(), e);
            }
          }
        }).orElse(List.of());
    return new IdentityConfig(id, socket,
        td.isPresent() ? td : id.map(SpiffeId::trustDomain),
        allowed.stream().distinct().toList());
  }

  /** A SPIFFE ID, with weft-identity's message when it does not parse. */
  static Optional<SpiffeId> spiffeId(Section s, String name) throws ConfigException {
    Optional<String> text = s.string(name, SPIFFE_ID);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SpiffeId.parse(text.get()));
    } catch (InvalidSpiffeIdException e) {
      throw s.problem(name, e.getMessage(), e);
    }
  }

  private static Optional<Path> socket(Section s, String name, Path directory)
      throws ConfigException {
    Optional<String> text = s.string(name, SOCKET);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get();
    String path;
    if (t.startsWith("unix://")) {
      path = t.substring("unix://".length());
    } else if (t.startsWith("unix:")) {
      path = t.substring("unix:".length());
    } else if (t.contains("://")) {
      throw s.error(name, SOCKET);
    } else {
      path = t;
    }
    if (t.startsWith("unix:") && !path.startsWith("/")) {
      throw s.error(name, SOCKET);
    }
    return Optional.of(resolve(s, name, path, directory, SOCKET));
  }

  /** {@code text} as a path resolved against {@code directory} and normalized. */
  static Path resolve(Section s, String name, String text, Path directory, String expected)
      throws ConfigException {
    try {
      return directory.resolve(Path.of(text)).normalize();
    } catch (InvalidPathException e) {
      throw s.error(name, expected);
    }
  }

  private static ServerConfig server(Section s) throws ConfigException {
    s.allow("host", "port", "mtls", "advertise_address", "metrics_port", "limits");
    String host = s.string("host", HOST).orElse("0.0.0.0");
    if (!host.matches("[A-Za-z0-9.:_%\\[\\]-]+")) {
      throw s.error("host", HOST);
    }
    int port = s.integer("port", 0, 65535).orElse(8443);
    Section mtls = s.sectionOrEmpty("mtls").allow("enabled", "cert_source");
    if (!mtls.bool("enabled").orElse(true)) {
      throw mtls.error("enabled", "true; an agent always requires its callers' X.509-SVIDs"
          + " (mutual TLS cannot be turned off)");
    }
    ServerConfig.Mtls m = new ServerConfig.Mtls(true,
        mtls.choice("cert_source", CertSource.values(), CertSource::configName)
            .orElse(CertSource.SPIRE));
    Optional<URI> advertise = Optional.empty();
    Optional<String> text = s.string("advertise_address", ADVERTISE);
    if (text.isPresent()) {
      String t = text.get();
      URI uri = Uris.parse(t.contains("://") ? t : "https://" + t);
      if (uri == null || !"https".equals(uri.getScheme()) || !Uris.plainServer(uri)
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
        throw s.error("advertise_address", ADVERTISE);
      }
      advertise = Optional.of(uri);
    }
    Optional<Integer> metrics = s.integer("metrics_port", 0, 65535);
    return new ServerConfig(host, port, m, advertise,
        metrics.isPresent() ? OptionalInt.of(metrics.get()) : OptionalInt.empty(),
        limits(s.sectionOrEmpty("limits")));
  }

  private static ServerLimits limits(Section s) throws ConfigException {
    s.allow("max_body", "max_headers", "max_json_depth", "max_json_string", "max_connections",
        "max_concurrent_calls", "handshake_timeout", "request_read_timeout", "idle_timeout");
    ServerLimits d = ServerLimits.defaults();
    return new ServerLimits(
        s.size("max_body", 1, 1L << 30).orElse(d.maxBodyBytes()),
        s.size("max_headers", 1024, 1 << 20).orElse((long) d.maxHeaderBytes()).intValue(),
        s.integer("max_json_depth", 1, 10_000).orElse(d.maxJsonDepth()),
        s.size("max_json_string", 1, 1L << 30).orElse((long) d.maxJsonStringBytes()).intValue(),
        s.integer("max_connections", 1, 1_000_000).orElse(d.maxConnections()),
        s.integer("max_concurrent_calls", 1, 1_000_000).orElse(d.maxConcurrentCalls()),
        s.duration("handshake_timeout").orElse(d.handshakeTimeout()),
        s.duration("request_read_timeout").orElse(d.requestReadTimeout()),
        s.duration("idle_timeout").orElse(d.idleTimeout()));
  }

  private static ImplementationConfig agent(Section s) throws ConfigException {
    s.allow("class", "default_capability", "skills");
    Optional<String> className = s.string("class", CLASS);
    if (className.isPresent()
        && !className.get().matches("(" + JAVA_NAME + "\\.)*" + JAVA_NAME)) {
      throw s.error("class", CLASS);
    }
    Section skills = s.sectionOrEmpty("skills");
    Map<String, String> descriptions = new java.util.LinkedHashMap<>();
    for (String name : skills.names()) {
      Section skill = skills.sectionOrEmpty(name).allow("description");
      descriptions.put(name, skill.string("description", "what the capability does, as the"
          + " agent card shows it").orElseThrow(() -> skill.missing("description",
              "what the capability does, as the agent card shows it")));
    }
    return new ImplementationConfig(className,
        s.string("default_capability", "a capability name"), descriptions);
  }

  /** A decision path, or the error naming the expected form. */
  static DecisionPath decisionPath(Section s, String name, String fallback)
      throws ConfigException {
    String expected = "names of letters, digits, _ or - separated by /, like " + fallback;
    Optional<String> text = s.string(name, expected);
    try {
      return DecisionPath.parse(text.orElse(fallback));
    } catch (IllegalArgumentException e) {
      throw s.error(name, expected);
    }
  }
}
