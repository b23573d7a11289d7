package dev.weft.agent.config;

import dev.weft.agent.config.Tree.Entry;
import dev.weft.agent.config.Tree.Mapping;
import dev.weft.agent.config.Tree.Node;
import dev.weft.agent.config.Tree.Origin;
import dev.weft.agent.config.Tree.Scalar;
import dev.weft.agent.config.Tree.ScalarType;
import dev.weft.agent.config.Tree.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@code WEFT_*} environment variables to the parsed file, before it is read, so that an
 * override is checked exactly as the file's value would be. See {@link AgentConfig#read} for the
 * naming rule.
 */
final class EnvOverrides {
  static final String PREFIX = "WEFT_";
  static final String SPIFFE_ENDPOINT_SOCKET = "SPIFFE_ENDPOINT_SOCKET";

  /** Every scalar key, dotted. */
  static final List<String> SCALARS = List.of(
      "profile",
      "identity.spiffe_id", "identity.spire_socket", "identity.workload_api_socket",
      "identity.trust_domain",
      "authorization.engine", "authorization.default_policy", "authorization.decision_path",
      "authorization.v0_compatible", "authorization.audit_log",
      "authorization.opa.enabled", "authorization.opa.url", "authorization.opa.timeout",
      "authorization.opa.connect_timeout", "authorization.opa.cache_size",
      "authorization.opa.cache_ttl",
      "server.host", "server.port", "server.mtls.enabled", "server.mtls.cert_source",
      "server.advertise_address", "server.metrics_port",
      "server.limits.max_body", "server.limits.max_headers", "server.limits.max_json_depth",
      "server.limits.max_json_string", "server.limits.max_connections",
      "server.limits.max_concurrent_calls", "server.limits.handshake_timeout",
      "server.limits.request_read_timeout", "server.limits.idle_timeout",
      "observability.logging.level", "observability.logging.format",
      "observability.metrics.enabled",
      "observability.tracing.enabled", "observability.tracing.service_name",
      "observability.tracing.otlp_endpoint", "observability.tracing.sample_ratio",
      "agent.class", "agent.default_capability");

  /** Keys holding a list; their variables take comma-separated values. */
  static final List<String> LISTS = List.of("identity.allowed_trust_domains",
      "authorization.policy_paths");

  /** Keys holding a free map of strings; {@code <VAR>_<NAME>} sets entry {@code name}. */
  static final List<String> MAPS = List.of("observability.logging.default_fields",
      "observability.metrics.labels", "metadata");

  /** Keys of an {@code agent_registry} entry. */
  static final List<String> PEER_KEYS = List.of("spiffe_id", "address", "group");

  /** Variable prefixes that belong to this file, longest first; others are left alone. */
  private static final List<String> SECTIONS = List.of("WEFT_AGENT_REGISTRY_",
      "WEFT_AUTHORIZATION_", "WEFT_OBSERVABILITY_", "WEFT_IDENTITY_", "WEFT_METADATA_",
      "WEFT_SERVER_", "WEFT_AGENT_", "WEFT_PROFILE");

  private static final String SPIRE_SOCKET = "identity.spire_socket";
  private static final String WORKLOAD_API_SOCKET = "identity.workload_api_socket";

  private EnvOverrides() {}

  /** The variable that overrides {@code dottedKey}. */
  static String variable(String dottedKey) {
    return PREFIX + dottedKey.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** Applies the overrides in {@code env} to {@code root}, a mapping read from the file. */
  static void apply(Mapping root, Map<String, String> env) throws ConfigException {
    Map<String, List<String>> known = new TreeMap<>();
    Map<String, Boolean> isList = new TreeMap<>();
    for (String key : SCALARS) {
      known.put(variable(key), List.of(key.split("\\.")));
      isList.put(variable(key), false);
    }
    for (String key : LISTS) {
      known.put(variable(key), List.of(key.split("\\.")));
      isList.put(variable(key), true);
    }
    if (root.entries().get("agent_registry") instanceof Entry e && e.value() instanceof Mapping m) {
      for (String name : m.entries().keySet()) {
        for (String k : PEER_KEYS) {
          String variable = variable("agent_registry." + name + "." + k);
          known.put(variable, List.of("agent_registry", name, k));
          isList.put(variable, false);
        }
      }
    }
    Map<String, String> sorted = new TreeMap<>(env);
    String socketSetBy = null;
    for (Map.Entry<String, String> v : sorted.entrySet()) {
      String name = v.getKey();
      String section = section(name);
      if (section == null) {
        continue;
      }
      Origin origin = Origin.ofEnv(name);
      List<String> path = known.get(name);
      if (path == null) {
        path = mapEntry(root, name);
      }
      if (path == null) {
        List<String> candidates = new ArrayList<>(known.keySet());
        MAPS.forEach(m -> candidates.add(variable(m) + "_<NAME>"));
        candidates.removeIf(k -> !k.startsWith(section));
        candidates.sort(null);
        String expected = candidates.isEmpty()
            ? "WEFT_AGENT_REGISTRY_<NAME>_<KEY> for an agent_registry entry named in the file,"
                + " KEY one of " + String.join(", ", PEER_KEYS.stream()
                    .map(k -> k.toUpperCase(Locale.ROOT)).toList())
            : "one of: " + String.join(", ", candidates);
        throw new ConfigException(name + ": unknown setting (expected " + expected + ")");
      }
      String dotted = String.join(".", path);
      if (dotted.equals(SPIRE_SOCKET) || dotted.equals(WORKLOAD_API_SOCKET)) {
        if (socketSetBy != null) {
          throw new ConfigException(name + ": set together with " + socketSetBy
              + " (expected: only one of them)");
        }
        socketSetBy = name;
        remove(root, dotted.equals(SPIRE_SOCKET) ? WORKLOAD_API_SOCKET : SPIRE_SOCKET);
      }
      Node value = Boolean.TRUE.equals(isList.get(name))
          ? list(origin, v.getValue())
          : new Scalar(origin, v.getValue(), ScalarType.STRING);
      set(root, path, value, origin);
    }
    String endpoint = env.get(SPIFFE_ENDPOINT_SOCKET);
    if (endpoint != null && !present(root, SPIRE_SOCKET) && !present(root, WORKLOAD_API_SOCKET)) {
      Origin origin = Origin.ofEnv(SPIFFE_ENDPOINT_SOCKET);
      set(root, List.of("identity", "workload_api_socket"),
          new Scalar(origin, endpoint, ScalarType.STRING), origin);
    }
  }

  private static String section(String variable) {
    for (String s : SECTIONS) {
      if (variable.startsWith(s)) {
        return s;
      }
    }
    return null;
  }

  /** The path of a free-map entry that {@code variable} sets, reusing an existing key's spelling. */
  private static List<String> mapEntry(Mapping root, String variable) {
    for (String map : MAPS) {
      String prefix = variable(map) + "_";
      if (!variable.startsWith(prefix) || variable.length() == prefix.length()) {
        continue;
      }
      String suffix = variable.substring(prefix.length());
      List<String> path = new ArrayList<>(List.of(map.split("\\.")));
      String name = suffix.toLowerCase(Locale.ROOT);
      if (find(root, path) instanceof Mapping m) {
        for (String existing : m.entries().keySet()) {
          if (existing.toUpperCase(Locale.ROOT).equals(suffix)) {
            name = existing;
          }
        }
      }
      path.add(name);
      return path;
    }
    return null;
  }

  private static Sequence list(Origin origin, String value) {
    List<Node> items = new ArrayList<>();
    if (!value.isBlank()) {
      for (String item : value.split(",", -1)) {
        items.add(new Scalar(origin, item.strip(), ScalarType.STRING));
      }
    }
    return new Sequence(origin, items);
  }

  private static Node find(Mapping root, List<String> path) {
    Node node = root;
    for (String segment : path) {
      if (!(node instanceof Mapping m) || !(m.entries().get(segment) instanceof Entry e)) {
        return null;
      }
      node = e.value();
    }
    return node;
  }

  private static boolean present(Mapping root, String dotted) {
    return find(root, List.of(dotted.split("\\."))) != null;
  }

  private static void remove(Mapping root, String dotted) {
    List<String> path = List.of(dotted.split("\\."));
    if (find(root, path.subList(0, path.size() - 1)) instanceof Mapping parent) {
      parent.entries().remove(path.getLast());
    }
  }

  /**
   * Sets {@code path} to {@code value}, creating missing mappings. A parent the file gave another
   * type is left alone: reading it reports the file's error.
   */
  private static void set(Mapping root, List<String> path, Node value, Origin origin) {
    Mapping current = root;
    for (String segment : path.subList(0, path.size() - 1)) {
      Entry e = current.entries().get(segment);
      if (e == null || e.value() instanceof Scalar s && s.type() == ScalarType.NULL) {
        // A created section is where its nearest ancestor is, so that a missing key in it is
        // reported against the file, not against an unrelated variable.
        Origin where = e == null ? current.origin() : e.origin();
        Mapping created = new Mapping(where, new LinkedHashMap<>());
        current.entries().put(segment, new Entry(segment, where, created));
        current = created;
      } else if (e.value() instanceof Mapping m) {
        current = m;
      } else {
        return;
      }
    }
    current.entries().put(path.getLast(), new Entry(path.getLast(), origin, value));
  }
}
