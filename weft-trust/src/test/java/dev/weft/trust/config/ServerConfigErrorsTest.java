package dev.weft.trust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad server.yaml is rejected with {@code <file>:<line>: <key>: <problem> (expected: ...)}. */
class ServerConfigErrorsTest {
  static final String BASE = """
      server:
        trust_domain: example.org
        data_dir: /srv/weft
      """;
  static final String SERVER_KEYS = "bind_address, bind_port, ca_key_type, ca_subject, ca_ttl,"
      + " data_dir, default_jwt_svid_ttl, default_svid_ttl, default_x509_svid_ttl, federation, limits,"
      + " log_level, socket_path, trust_domain";
  static final String DURATION = "(expected: a duration such as 24h, 30m, 90s or PT1H)";

  @TempDir Path dir;
  Path file;

  /** Asserts that loading {@code yaml} fails with the file name followed by {@code message}. */
  void assertError(String yaml, String message) throws Exception {
    file = dir.resolve("server.yaml");
    Files.writeString(file, yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(file));
    assertThat(e).hasMessage(file + message);
  }

  @Test
  void unknownKeysAtEveryLevel() throws Exception {
    assertError(BASE + "  bind_prot: 8081\n",
        ":4: server.bind_prot: unknown key (expected one of: " + SERVER_KEYS + ")");
    assertError(BASE + "federation: {}\n", ":4: federation: unknown key (expected one of: plugins, server)");
    assertError(BASE + "plugins:\n  node_attestor: {}\n",
        ":5: plugins.node_attestor: unknown key (expected one of: data_store, key_manager, upstream_authority)");
    assertError(BASE + "plugins:\n  data_store:\n    nosql: {}\n",
        ":6: plugins.data_store.nosql: unknown key (expected one of: sql)");
    assertError(BASE + "plugins:\n  data_store:\n    sql:\n      dsn: x\n",
        ":7: plugins.data_store.sql.dsn: unknown key (expected one of: connection_string, database_type)");
    assertError(BASE + "plugins:\n  key_manager:\n    vault: {}\n",
        ":6: plugins.key_manager.vault: unknown key (expected one of: disk, memory)");
    assertError(BASE + "plugins:\n  key_manager:\n    disk:\n      path: keys\n",
        ":7: plugins.key_manager.disk.path: unknown key (expected one of: keys_path)");
    assertError(BASE + "plugins:\n  key_manager:\n    memory:\n      size: 1\n",
        ":7: plugins.key_manager.memory.size: unknown key (expected: no keys)");
    assertError(BASE + "plugins:\n  upstream_authority:\n    aws_pca: {}\n",
        ":6: plugins.upstream_authority.aws_pca: unknown key (expected one of: disk)");
    assertError(BASE + "plugins:\n  upstream_authority:\n    disk:\n      cert: a.crt\n",
        ":7: plugins.upstream_authority.disk.cert: unknown key (expected one of: bundle_file_path,"
            + " cert_file_path, key_file_path)");
  }

  @Test
  void missingRequiredValues() throws Exception {
    assertError("", ":1: server: missing (expected: a server block with trust_domain and data_dir)");
    assertError("plugins: {}\n", ":1: server: missing (expected: a server block with trust_domain and data_dir)");
    assertError("server:\n  data_dir: /srv/weft\n",
        ":1: server.trust_domain: missing (expected: a trust domain such as example.org)");
    assertError("\n\nserver:\n  trust_domain: example.org\n",
        ":3: server.data_dir: missing (expected: a directory for the server's state)");
    assertError("server:\n  trust_domain:\n  data_dir: /srv/weft\n",
        ":2: server.trust_domain: empty (expected: a trust domain such as example.org)");
  }

  @Test
  void badTrustDomainCarriesTheRule() throws Exception {
    assertError("server:\n  trust_domain: Example.org\n  data_dir: /srv/weft\n",
        ":2: server.trust_domain: \"Example.org\" (expected: a trust domain such as example.org; trust"
            + " domain may contain only lowercase letters, digits, '.', '-' and '_')");
    assertError("server:\n  trust_domain: spiffe://example.org/path\n  data_dir: /srv/weft\n",
        ":2: server.trust_domain: \"spiffe://example.org/path\" (expected: a trust domain such as"
            + " example.org; a trust domain may not have a path (expected: <trust-domain> or"
            + " spiffe://<trust-domain>))");
  }

  @Test
  void badAddressesAndPorts() throws Exception {
    assertError(BASE + "  bind_address: \"bad host!\"\n",
        ":4: server.bind_address: \"bad host!\" (expected: an IP address or host name such as 127.0.0.1)");
    assertError(BASE + "  bind_port: 70000\n", ":4: server.bind_port: 70000 (expected: an integer from 0 to 65535)");
    assertError(BASE + "  bind_port: -1\n", ":4: server.bind_port: -1 (expected: an integer from 0 to 65535)");
    assertError(BASE + "  bind_port: abc\n", ":4: server.bind_port: \"abc\" (expected: an integer from 0 to 65535)");
    assertError(BASE + "  bind_port: 80.5\n", ":4: server.bind_port: 80.5 (expected: an integer from 0 to 65535)");
    assertError(BASE + "  bind_port: [1, 2]\n", ":4: server.bind_port: a list (expected: an integer from 0 to 65535)");
  }

  @Test
  void socketPathLongerThan107Bytes() throws Exception {
    String longPath = "/tmp/" + "s".repeat(103);
    assertError(BASE + "  socket_path: " + longPath + "\n", ":4: server.socket_path: \"" + longPath
        + "\" (expected: a unix socket path of at most 107 bytes, not 108)");
    String longDir = "/srv/" + "d".repeat(92);
    assertError("server:\n  trust_domain: example.org\n  data_dir: " + longDir + "\n",
        ":3: server.socket_path: \"" + longDir + "/admin.sock\" (expected: a unix socket path of at"
            + " most 107 bytes, not 108)");
  }

  @Test
  void badDurations() throws Exception {
    assertError(BASE + "  ca_ttl: abc\n", ":4: server.ca_ttl: \"abc\" " + DURATION);
    assertError(BASE + "  ca_ttl: 24\n", ":4: server.ca_ttl: 24 " + DURATION);
    assertError(BASE + "  ca_ttl: 1d\n", ":4: server.ca_ttl: \"1d\" " + DURATION);
    assertError(BASE + "  default_jwt_svid_ttl: 5 m\n", ":4: server.default_jwt_svid_ttl: \"5 m\" " + DURATION);
    assertError(BASE + "  ca_ttl: 0\n", ":4: server.ca_ttl: 0 (expected: > 0)");
    assertError(BASE + "  ca_ttl: PT-1H\n", ":4: server.ca_ttl: \"PT-1H\" (expected: > 0)");
    assertError(BASE + "  default_svid_ttl: 0s\n", ":4: server.default_svid_ttl: \"0s\" (expected: > 0)");
  }

  @Test
  void caTtlMustOutliveTheSvids() throws Exception {
    assertError(BASE + "  ca_ttl: 1h\n",
        ":4: server.ca_ttl: \"1h\" (expected: longer than server.default_svid_ttl (1h))");
    assertError(BASE + "  log_level: info\n  default_svid_ttl: 48h\n",
        ":5: server.ca_ttl: 24h (expected: longer than server.default_svid_ttl (48h))");
    assertError(BASE + "  default_jwt_svid_ttl: 30h\n",
        ":4: server.ca_ttl: 24h (expected: longer than server.default_jwt_svid_ttl (30h))");
  }

  @Test
  void svidTtlAlias() throws Exception {
    assertError(BASE + "  default_x509_svid_ttl: 0\n", ":4: server.default_x509_svid_ttl: 0 (expected: > 0)");
    assertError(BASE + "  default_x509_svid_ttl: 25h\n",
        ":4: server.ca_ttl: 24h (expected: longer than server.default_svid_ttl (25h))");
    assertError(BASE + "  default_svid_ttl: 1h\n  default_x509_svid_ttl: 2h\n",
        ":5: server.default_x509_svid_ttl: \"2h\" (expected: only one of default_svid_ttl and its alias"
            + " default_x509_svid_ttl)");
  }

  @Test
  void badChoicesAndNames() throws Exception {
    assertError(BASE + "  ca_key_type: ec-p521\n",
        ":4: server.ca_key_type: \"ec-p521\" (expected: one of ec-p256, ec-p384, rsa-2048)");
    assertError(BASE + "  log_level: verbose\n",
        ":4: server.log_level: \"verbose\" (expected: one of debug, info, warn, error)");
    assertError(BASE + "  ca_subject: not a dn\n",
        ":4: server.ca_subject: \"not a dn\" (expected: an X.500 name such as O=Weft)");
  }

  @Test
  void badDataStore() throws Exception {
    assertError(BASE + "plugins:\n  data_store: {}\n",
        ":5: plugins.data_store: empty (expected: exactly one of: sql)");
    assertError(BASE + "plugins:\n  data_store:\n    sql:\n      database_type: mysql\n",
        ":7: plugins.data_store.sql.database_type: \"mysql\" (expected: one of sqlite3, postgres)");
    String expected = "(expected: a JDBC URL jdbc:postgresql://host:port/database or a URL"
        + " postgresql://user:password@host:port/database)";
    assertError(BASE + "plugins:\n  data_store:\n    sql:\n      database_type: postgres\n",
        ":6: plugins.data_store.sql.connection_string: missing " + expected);
    assertError(BASE + "plugins:\n  data_store:\n    sql:\n      database_type: postgres\n"
            + "      connection_string: host=db user=weft password=s3cret\n",
        ":8: plugins.data_store.sql.connection_string: \"host=db user=weft password=***\" " + expected);
    assertError(BASE + "plugins:\n  data_store:\n    sql:\n      database_type: postgres\n"
            + "      connection_string: mysql://weft:s3cret@db/weft\n",
        ":8: plugins.data_store.sql.connection_string: \"mysql://weft:***@db/weft\" " + expected);
  }

  @Test
  void badPluginChoices() throws Exception {
    assertError(BASE + "plugins:\n  key_manager: {}\n",
        ":5: plugins.key_manager: empty (expected: exactly one of: disk, memory)");
    assertError(BASE + "plugins:\n  key_manager:\n    disk: {}\n    memory: {}\n",
        ":7: plugins.key_manager.memory: a second key manager (expected: exactly one of: disk, memory)");
    assertError(BASE + "plugins:\n  upstream_authority:\n    disk:\n      key_file_path: up.key\n",
        ":6: plugins.upstream_authority.disk.cert_file_path: missing (expected: the upstream CA"
            + " certificate (a PEM file))");
    assertError(BASE + "plugins:\n  upstream_authority:\n    disk:\n      cert_file_path: up.crt\n",
        ":6: plugins.upstream_authority.disk.key_file_path: missing (expected: the upstream CA"
            + " private key (a PEM file))");
    assertError(BASE + "plugins:\n  key_manager: memory\n",
        ":5: plugins.key_manager: \"memory\" (expected: a mapping)");
  }

  @Test
  void badShapesAndSyntax() throws Exception {
    assertError("server: 5\n", ":1: server: 5 (expected: a mapping)");
    assertError("- server\n", ":1: top level: a list (expected: a mapping with keys server and plugins)");
    assertError(BASE + "  data_dir: /elsewhere\n",
        ":4: server.data_dir: duplicate key (expected: each key once; the first is on line 3)");
    assertError(BASE + "---\nserver: {}\n", ":5: a second YAML document (expected: one document)");
    file = dir.resolve("server.yaml");
    Files.writeString(file, "server:\n  trust_domain: [unclosed\n  data_dir: x\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(file));
    assertThat(e.getMessage()).startsWith(file + ":3: not valid YAML: ");
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("nope.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(missing));
    assertThat(e).hasMessage(missing + ": no such file (expected: a YAML configuration file)");
  }
}
