package dev.weft.controller;

import dev.weft.config.ConfigException;
import dev.weft.config.ConfigFile;
import dev.weft.config.Section;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.DecisionPath;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a controller's YAML configuration with weft-config (errors {@code file:line: key: ...}).
 */
final class ControllerConfigReader {

  private static final String[] TOP_KEYS = {
    "controller",
    "southbound",
    "northbound",
    "identity",
    "data_store",
    "policy",
    "segments",
    "domains",
    "links",
    "limits"
  };
  private static final String SPIFFE_ID = "a SPIFFE ID, spiffe://trust-domain/path";
  private static final String ID = "1-63 characters of [A-Za-z0-9._-]";
  static final List<String> TOPOLOGIES = List.of("mesh", "star", "pairs");

  private ControllerConfigReader() {}

  static ControllerConfig read(Path file) throws ConfigException {
    Section top = ConfigFile.read(file, TOP_KEYS);
    top.mask("data_store.connection_string", ControllerConfigReader::redact);
    Path base = file.toAbsolutePath().getParent();

    Section controller = top.sectionOrEmpty("controller");
    controller.allow("id");
    String id =
        controller.value("id", ID, text -> checkId("controller.id", text)).orElse("controller");

    Section south =
        top.section("southbound")
            .orElseThrow(() -> top.missing("southbound", "a mapping with endpoint"));
    south.allow("endpoint");
    InetSocketAddress southbound =
        south
            .value("endpoint", Endpoints.EXPECTED, text -> Endpoints.parse("endpoint", text))
            .orElseThrow(() -> south.missing("endpoint", "where nodes connect: host:port"));

    Section north = top.sectionOrEmpty("northbound");
    north.allow("endpoint", "socket");
    Optional<InetSocketAddress> northbound =
        north.value("endpoint", Endpoints.EXPECTED, text -> Endpoints.parse("endpoint", text));
    Optional<Path> adminSocket = north.path("socket", base, "a unix socket path");

    Section identity = top.sectionOrEmpty("identity");
    identity.allow("workload_api_socket", "spiffe_id");
    Optional<Path> socket =
        identity.value(
            "workload_api_socket", "a unix socket: unix:///path or a path", t -> socket(t, base));
    Optional<SpiffeId> spiffeId = identity.value("spiffe_id", SPIFFE_ID, SpiffeId::parse);

    Section store = top.sectionOrEmpty("data_store");
    store.allow("database_type", "connection_string");
    String type =
        store
            .value("database_type", "sqlite3 or postgres", ControllerConfigReader::databaseType)
            .orElse("sqlite3");
    boolean postgres = type.equals("postgres");
    String connection;
    if (postgres) {
      connection =
          store
              .value(
                  "connection_string",
                  "a jdbc:postgresql:// URL",
                  ControllerConfigReader::postgresUrl)
              .orElseThrow(() -> store.missing("connection_string", "a jdbc:postgresql:// URL"));
    } else {
      connection =
          store
              .path("connection_string", base, "a SQLite database file")
              .orElse(base.resolve("controller.sqlite3"))
              .toString();
    }

    Section policy = top.sectionOrEmpty("policy");
    policy.allow("paths", "decision_path", "audit_log");
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
            .value("decision_path", "a decision path", DecisionPath::parse)
            .orElse(DecisionPath.parse(ControllerConfig.DEFAULT_DECISION_PATH));
    Optional<Path> auditLog = policy.path("audit_log", base, "a file path");

    Map<String, ControllerConfig.SegmentConfig> segments = new LinkedHashMap<>();
    Section segmentSection = top.sectionOrEmpty("segments");
    for (String name : segmentSection.names()) {
      try {
        checkId("segment", name);
      } catch (IllegalArgumentException e) {
        throw segmentSection.nameError(name, "a segment name of " + ID);
      }
      Section s =
          segmentSection
              .section(name)
              .orElseThrow(() -> segmentSection.error(name, "a mapping with topology"));
      s.allow("topology", "hub");
      String topology =
          s.value("topology", "mesh, star or pairs", ControllerConfigReader::topology)
              .orElse("mesh");
      Optional<String> hub = s.value("hub", "a node id of " + ID, t -> checkId("hub", t));
      if (hub.isPresent() && !topology.equals("star")) {
        throw s.error("hub", "no hub (only a star has one)");
      }
      segments.put(name, new ControllerConfig.SegmentConfig(topology, hub));
    }

    Map<String, String> domains = new LinkedHashMap<>();
    Map<String, String> domainMap = top.stringMap("domains");
    Section domainSection = top.sectionOrEmpty("domains");
    for (Map.Entry<String, String> e : domainMap.entrySet()) {
      try {
        checkId("domain", e.getKey());
        checkId("segment", e.getValue());
      } catch (IllegalArgumentException bad) {
        throw domainSection.error(e.getKey(), "a domain name mapped to a segment name, both " + ID);
      }
      if (!e.getValue().equals("default") && !segments.containsKey(e.getValue())) {
        throw domainSection.error(
            e.getKey(), "a segment declared under segments (or default), not " + e.getValue());
      }
      domains.put(e.getKey(), e.getValue());
    }

    List<List<String>> links =
        top.list(
                "links",
                "a list of links, each two node ids separated by a space",
                "two node ids separated by a space, such as \"node-a0 node-b0\"",
                ControllerConfigReader::link)
            .orElse(List.of());

    Section l = top.sectionOrEmpty("limits");
    l.allow(
        "max_message_bytes",
        "max_subscriptions_per_node",
        "max_request_bytes",
        "max_header_bytes",
        "max_connections",
        "register_timeout",
        "request_timeout");
    ControllerConfig.Limits d = ControllerConfig.Limits.DEFAULTS;
    ControllerConfig.Limits limits =
        new ControllerConfig.Limits(
            l.size("max_message_bytes", 1024, 64L << 20)
                .map(Long::intValue)
                .orElse(d.maxMessageBytes()),
            l.integer("max_subscriptions_per_node", 1, 10_000_000)
                .orElse(d.maxSubscriptionsPerNode()),
            l.size("max_request_bytes", 1024, 64L << 20)
                .map(Long::intValue)
                .orElse(d.maxRequestBytes()),
            l.size("max_header_bytes", 1024, 1L << 20)
                .map(Long::intValue)
                .orElse(d.maxHeaderBytes()),
            l.integer("max_connections", 1, 100_000).orElse(d.maxConnections()),
            l.duration("register_timeout", Duration.ofMinutes(10)).orElse(d.registerTimeout()),
            l.duration("request_timeout", Duration.ofMinutes(10)).orElse(d.requestTimeout()));

    return new ControllerConfig(
        id,
        southbound,
        northbound,
        adminSocket,
        socket,
        spiffeId,
        new ControllerConfig.StoreConfig(postgres, connection),
        paths,
        decisionPath,
        auditLog,
        segments,
        domains,
        links,
        limits);
  }

  /** Checks a node id, domain or segment name: 1-63 characters of {@code [A-Za-z0-9._-]}. */
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
      String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
      throw new IllegalArgumentException(what + ": \"" + shown + "\" (expected: " + ID + ")");
    }
    return text;
  }

  static String topology(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (!TOPOLOGIES.contains(t)) {
      throw new IllegalArgumentException(
          "topology: \"" + text + "\" (expected: mesh, star or pairs)");
    }
    return t;
  }

  private static List<String> link(String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "link: \"" + text + "\" (expected: two node ids separated by a space)");
    }
    List<String> pair = new ArrayList<>(2);
    pair.add(checkId("link", parts[0]));
    pair.add(checkId("link", parts[1]));
    if (pair.get(0).equals(pair.get(1))) {
      throw new IllegalArgumentException(
          "link: \"" + text + "\" (expected: two different node ids)");
    }
    return pair;
  }

  /** A connection string as messages may show it: no password, in any of its spellings. */
  static String redact(String text) {
    return text.replaceAll("(//[^/@:]*):[^/@]*@", "$1:***@")
        .replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String databaseType(String text) {
    if (!text.equals("sqlite3") && !text.equals("postgres")) {
      throw new IllegalArgumentException(
          "database_type: \"" + text + "\" (expected: sqlite3 or postgres)");
    }
    return text;
  }

  private static String postgresUrl(String text) {
    if (!text.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "connection_string: (hidden) (expected: a jdbc:postgresql:// URL)");
    }
    return text;
  }

  private static Path socket(String text, Path directory) {
    String path;
    if (text.startsWith("unix://")) {
      path = text.substring("unix://".length());
    } else if (text.startsWith("unix:")) {
      path = text.substring("unix:".length());
    } else if (text.contains("://")) {
      throw new IllegalArgumentException(
          "workload_api_socket: \"" + text + "\" (expected: unix:///path or a path)");
    } else {
      path = text;
    }
    return directory.resolve(Path.of(path)).normalize();
  }
}
