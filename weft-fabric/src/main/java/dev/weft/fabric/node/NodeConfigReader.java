package dev.weft.fabric.node;

import dev.weft.config.ConfigException;
import dev.weft.config.ConfigFile;
import dev.weft.config.Section;
import dev.weft.fabric.internal.HostPorts;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.DecisionPath;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads a node's YAML configuration with weft-config (errors {@code file:line: key: ...}). */
final class NodeConfigReader {

  private static final String[] TOP_KEYS = {
    "node",
    "local_endpoint",
    "external_endpoint",
    "admin_endpoint",
    "identity",
    "policy",
    "link_peers",
    "routes",
    "limits",
    "slow_consumer",
    "controller"
  };
  private static final String HOST_PORT = "host:port";
  private static final String SPIFFE_ID = "a SPIFFE ID, spiffe://trust-domain/path";
  private static final String SOCKET = "a unix socket: unix:///path or a path";

  private NodeConfigReader() {}

  static NodeConfig read(Path file) throws ConfigException {
    Section top = ConfigFile.read(file, TOP_KEYS);
    Section node =
        top.section("node").orElseThrow(() -> top.missing("node", "a mapping with id and domain"));
    node.allow("id", "domain");
    String id =
        node.value(
                "id",
                "a node id of [A-Za-z0-9._-], 1-63 characters",
                text -> checkId("node.id", text))
            .orElseThrow(() -> node.missing("id", "a node id"));
    String domain =
        node.value(
                "domain",
                "a domain of [A-Za-z0-9._-], 1-63 characters",
                text -> checkId("node.domain", text))
            .orElseThrow(() -> node.missing("domain", "the node's domain (SLIM's group_name)"));
    InetSocketAddress local =
        top.value("local_endpoint", HOST_PORT, text -> HostPorts.parse("local_endpoint", text))
            .orElseThrow(() -> top.missing("local_endpoint", HOST_PORT));
    String external =
        top.value(
                "external_endpoint",
                HOST_PORT,
                text -> HostPorts.format(HostPorts.parse("external_endpoint", text)))
            .orElse(HostPorts.format(local));
    Optional<InetSocketAddress> admin =
        top.value("admin_endpoint", "a loopback host:port", NodeConfigReader::loopback);

    Section identity = top.sectionOrEmpty("identity");
    identity.allow("workload_api_socket", "spiffe_id");
    Optional<Path> socket =
        identity.value(
            "workload_api_socket", SOCKET, text -> socket(text, file.toAbsolutePath().getParent()));
    Optional<SpiffeId> spiffeId = identity.value("spiffe_id", SPIFFE_ID, SpiffeId::parse);

    Section policy = top.sectionOrEmpty("policy");
    policy.allow("paths", "decision_path", "audit_log");
    Path base = file.toAbsolutePath().getParent();
    List<Path> paths =
        policy
            .list(
                "paths",
                "a list of Rego and data files",
                "a file path",
                text -> base.resolve(Path.of(text)).normalize())
            .orElse(List.of());
    DecisionPath decisionPath =
        policy
            .value(
                "decision_path",
                "a decision path such as " + NodeConfig.DEFAULT_DECISION_PATH,
                DecisionPath::parse)
            .orElse(DecisionPath.parse(NodeConfig.DEFAULT_DECISION_PATH));
    Optional<Path> auditLog = policy.path("audit_log", "a file path");

    List<SpiffeId> linkPeers =
        top.list("link_peers", "a list of SPIFFE IDs", SPIFFE_ID, SpiffeId::parse)
            .orElse(List.of());

    List<Route> routes = new ArrayList<>();
    Section routeSection = top.sectionOrEmpty("routes");
    for (String prefix : routeSection.names()) {
      Section r =
          routeSection
              .section(prefix)
              .orElseThrow(() -> routeSection.error(prefix, "a mapping with endpoint and peer"));
      r.allow("endpoint", "peer");
      InetSocketAddress endpoint =
          r.value("endpoint", HOST_PORT, text -> HostPorts.parse("endpoint", text))
              .orElseThrow(() -> r.missing("endpoint", "the other node's host:port"));
      SpiffeId peer =
          r.value("peer", SPIFFE_ID, SpiffeId::parse)
              .orElseThrow(() -> r.missing("peer", "the SPIFFE ID the other node must present"));
      try {
        routes.add(new Route(prefix, endpoint, peer));
      } catch (IllegalArgumentException e) {
        throw routeSection.nameError(prefix, "a name prefix of 1-4 components of [A-Za-z0-9._-]");
      }
    }

    Section l = top.sectionOrEmpty("limits");
    l.allow(
        "max_message_bytes",
        "queue_messages",
        "queue_bytes",
        "max_connections",
        "max_subscriptions",
        "handshake_timeout");
    Limits d = Limits.DEFAULTS;
    Limits limits =
        new Limits(
            l.size("max_message_bytes", 1024, 64L << 20)
                .map(Long::intValue)
                .orElse(d.maxMessageBytes()),
            l.integer("queue_messages", 1, 1 << 24).orElse(d.queueMessages()),
            l.size("queue_bytes", 1024, 1L << 32).orElse(d.queueBytes()),
            l.integer("max_connections", 1, 1_000_000).orElse(d.maxConnections()),
            l.integer("max_subscriptions", 1, 10_000_000).orElse(d.maxSubscriptions()),
            l.duration("handshake_timeout", Duration.ofMinutes(10)).orElse(d.handshakeTimeout()));
    SlowConsumerPolicy slow =
        top.choice(
                "slow_consumer",
                SlowConsumerPolicy.values(),
                p -> p.name().toLowerCase(Locale.ROOT))
            .orElse(SlowConsumerPolicy.DISCONNECT);
    Optional<ControllerEndpoint> controller = Optional.empty();
    if (top.has("controller")) {
      Section c =
          top.section("controller")
              .orElseThrow(() -> top.error("controller", "a mapping with endpoint and peer"));
      c.allow("endpoint", "peer");
      InetSocketAddress endpoint =
          c.value("endpoint", HOST_PORT, text -> HostPorts.parse("controller.endpoint", text))
              .orElseThrow(
                  () -> c.missing("endpoint", "the controller's southbound API, host:port"));
      SpiffeId peer =
          c.value("peer", SPIFFE_ID, SpiffeId::parse)
              .orElseThrow(() -> c.missing("peer", "the SPIFFE ID the controller must present"));
      controller = Optional.of(new ControllerEndpoint(endpoint, peer));
    }
    return new NodeConfig(
        id,
        domain,
        local,
        external,
        admin,
        socket,
        spiffeId,
        paths,
        decisionPath,
        auditLog,
        linkPeers,
        routes,
        limits,
        slow,
        controller);
  }

  /** Checks a node id or domain: 1-63 characters of {@code [A-Za-z0-9._-]}. */
  static String checkId(String what, String text) {
    boolean ok =
        !text.isEmpty()
            && text.length() <= 63
            && text.chars()
                .allMatch(
                    c ->
                        c < 128 && Character.isLetterOrDigit(c)
                            || c == '.'
                            || c == '_'
                            || c == '-');
    if (!ok) {
      throw new IllegalArgumentException(
          what + ": \"" + text + "\" (expected: 1-63 characters of [A-Za-z0-9._-])");
    }
    return text;
  }

  private static InetSocketAddress loopback(String text) {
    InetSocketAddress address = HostPorts.parse("admin_endpoint", text);
    String host = address.getHostString();
    if (!host.equals("localhost") && !host.startsWith("127.") && !host.equals("::1")) {
      throw new IllegalArgumentException(
          "admin_endpoint: \""
              + text
              + "\" (expected: a loopback host:port, such as 127.0.0.1:7481)");
    }
    return address;
  }

  private static Path socket(String text, Path directory) {
    String path;
    if (text.startsWith("unix://")) {
      path = text.substring("unix://".length());
    } else if (text.startsWith("unix:")) {
      path = text.substring("unix:".length());
    } else if (text.contains("://")) {
      throw new IllegalArgumentException(
          "workload_api_socket: \"" + text + "\" (expected: " + SOCKET + ")");
    } else {
      path = text;
    }
    return directory.resolve(Path.of(path)).normalize();
  }
}
