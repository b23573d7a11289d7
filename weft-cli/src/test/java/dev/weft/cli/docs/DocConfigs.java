package dev.weft.cli.docs;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.identity.pem.Pem;
import dev.weft.testing.CertBuilder;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.server.TrustServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads a configuration block of the docs with the real reader, and starts a trust server's. */
final class DocConfigs {
  private static final ObjectMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  /** The least each kind needs; a partial block is merged onto it. */
  private static final Map<String, String> BASE =
      Map.of(
          "trust-server",
          "server: {trust_domain: example.org, data_dir: data}\n",
          "node-agent",
          "agent: {trust_domain: example.org, server_address: 127.0.0.1, socket_path: api.sock,"
              + " data_dir: agent, insecure_bootstrap: true}\n",
          "agent",
          "identity: {spiffe_id: 'spiffe://example.org/agent/a', trust_domain: example.org}\n"
              + "agent: {class: dev.weft.agent.demo.SearchAgent}\n",
          "fabric-node",
          "node: {id: node-a, domain: example}\nlocal_endpoint: 127.0.0.1:0\n",
          "fabric-controller",
          "southbound: {endpoint: 127.0.0.1:0}\n");

  private DocConfigs() {}

  static void check(Markdown.Block block) throws Exception {
    String[] marker = block.marker().isEmpty() ? new String[0] : block.marker().split("\\s+");
    boolean partial = marker.length > 0 && marker[0].equals("partial");
    JsonNode written = YAML.readTree(block.text());
    String kind =
        partial || marker.length == 1 ? marker[marker.length - 1] : guessKind(block, written);
    if (!BASE.containsKey(kind)) {
      fail(
          block.where()
              + ": unknown docs-test kind '"
              + kind
              + "' (expected: one of "
              + BASE.keySet()
              + ")");
    }
    Path dir = Files.createTempDirectory("weft-docs-");
    try {
      String text =
          partial
              ? YAML.writeValueAsString(merge((ObjectNode) YAML.readTree(BASE.get(kind)), written))
              : block.text();
      Path file = dir.resolve("config.yaml");
      Files.writeString(file, text);
      createNamedFiles(kind, YAML.readTree(text), dir);
      load(kind, file, block);
      if (kind.equals("trust-server")) {
        start((ObjectNode) YAML.readTree(text), dir, block);
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String guessKind(Markdown.Block block, JsonNode tree) {
    if (tree.has("identity") || tree.has("profile") || tree.has("authorization")) {
      return "agent";
    }
    if (tree.has("server") || tree.has("plugins")) {
      return "trust-server";
    }
    if (tree.path("agent").has("server_address") || tree.path("agent").has("trust_domain")) {
      return "node-agent";
    }
    if (tree.has("southbound") || tree.has("northbound")) {
      return "fabric-controller";
    }
    if (tree.has("local_endpoint") || tree.path("node").has("domain")) {
      return "fabric-node";
    }
    fail(
        block.where()
            + ": a yaml block of no known kind: mark it <!-- docs-test: KIND -->,"
            + " <!-- docs-test: partial KIND --> or <!-- docs-test: skip REASON -->");
    return "";
  }

  private static void load(String kind, Path file, Markdown.Block block) {
    try {
      switch (kind) {
        case "trust-server" -> ServerConfig.load(file);
        case "node-agent" -> dev.weft.trust.config.NodeAgentConfig.load(file);
        case "fabric-node" -> dev.weft.fabric.node.NodeConfig.read(file);
        case "fabric-controller" -> dev.weft.controller.ControllerConfig.read(file);
        default -> dev.weft.agent.config.AgentConfig.read(file, Map.of());
      }
    } catch (dev.weft.config.ConfigException e) {
      fail(
          block.where()
              + " ("
              + kind
              + (block.marker().startsWith("partial") ? ", merged onto a minimal one" : "")
              + "): "
              + e.getMessage());
    }
  }

  /**
   * Starts the trust server the block configures, moved onto this machine: loopback, free ports, a
   * temporary data directory, the files it names created (an upstream CA, bootstrap bundles),
   * PostgreSQL at $WEFT_TEST_POSTGRES_URL when the block uses PostgreSQL.
   */
  private static void start(ObjectNode config, Path dir, Markdown.Block block) throws Exception {
    ObjectNode server = (ObjectNode) config.get("server");
    server
        .put("bind_address", "127.0.0.1")
        .put("bind_port", 0)
        .put("socket_path", dir.resolve("admin.sock").toString())
        .put("data_dir", dir.resolve("data").toString());
    JsonNode endpoint = server.path("federation").path("bundle_endpoint");
    if (endpoint instanceof ObjectNode e) {
      e.put("address", "127.0.0.1").put("port", 0);
    }
    JsonNode upstream = config.path("plugins").path("upstream_authority").path("disk");
    if (upstream instanceof ObjectNode disk) {
      CertBuilder.Issued root = CertBuilder.selfSignedCa("example.org").build();
      disk.put(
          "cert_file_path",
          write(dir, "upstream.crt", Pem.writeCertificates(List.of(root.cert()))));
      disk.put("key_file_path", write(dir, "upstream.key", Pem.writePrivateKey(root.privateKey())));
      if (disk.has("bundle_file_path")) {
        disk.put(
            "bundle_file_path",
            write(dir, "upstream-bundle.crt", Pem.writeCertificates(List.of(root.cert()))));
      }
    }
    JsonNode sql = config.path("plugins").path("data_store").path("sql");
    if (sql.path("database_type").asText().equals("postgres")) {
      String url = System.getenv("WEFT_TEST_POSTGRES_URL");
      if (url == null) {
        return; // no PostgreSQL here: loaded, not started (scripts/test.sh provides one)
      }
      ((ObjectNode) sql).put("connection_string", url);
    }
    Path file = dir.resolve("started.yaml");
    Files.writeString(file, YAML.writeValueAsString(config));
    try (TrustServer started = TrustServer.start(ServerConfig.load(file))) {
      if (started.adminSocket() == null) {
        fail(block.where() + ": the trust server started without an admin socket");
      }
    } catch (RuntimeException | java.io.IOException e) {
      fail(block.where() + ": the trust server it configures does not start: " + e.getMessage(), e);
    }
  }

  /** Creates, in {@code dir}, the files a block names by relative path, as an operator would. */
  private static void createNamedFiles(String kind, JsonNode config, Path dir) throws Exception {
    if (kind.equals("trust-server")) {
      for (Map.Entry<String, JsonNode> relationship :
          config.path("server").path("federation").path("federates_with").properties()) {
        String bundle = relationship.getValue().path("trust_bundle_path").asText("");
        if (!bundle.isEmpty() && !Path.of(bundle).isAbsolute()) {
          Files.writeString(
              dir.resolve(bundle),
              Pem.writeCertificates(
                  List.of(CertBuilder.selfSignedCa(relationship.getKey()).build().cert())));
        }
      }
    }
    if (kind.equals("agent")) {
      for (JsonNode path : iterable(config.path("authorization").path("policy_paths"))) {
        if (!Path.of(path.asText()).isAbsolute()) {
          Files.createDirectories(dir.resolve(path.asText()));
        }
      }
    }
  }

  private static String write(Path dir, String name, String content) throws java.io.IOException {
    Files.writeString(dir.resolve(name), content);
    return dir.resolve(name).toString();
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    return node::elements;
  }

  private static ObjectNode merge(ObjectNode base, JsonNode overlay) {
    for (Map.Entry<String, JsonNode> field : overlay.properties()) {
      JsonNode existing = base.get(field.getKey());
      if (existing instanceof ObjectNode object && field.getValue().isObject()) {
        merge(object, field.getValue());
      } else {
        base.set(field.getKey(), field.getValue());
      }
    }
    return base;
  }
}
