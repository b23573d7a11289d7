package dev.weft.trust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad server.yaml is rejected with {@code <file>:<line>: <key>: <value> (expected: ...)}: one
 * named case each, so that each is reported on its own.
 */
class ServerConfigErrorsTest {
  static final String BASE =
      """
      server:
        trust_domain: example.org
        data_dir: /srv/weft
      """;
  static final String SERVER_KEYS =
      "bind_address, bind_port, ca_key_type, ca_subject, ca_ttl,"
          + " data_dir, default_jwt_svid_ttl, default_svid_ttl, default_x509_svid_ttl, federation, limits,"
          + " log_level, socket_path, trust_domain";
  static final String DURATION =
      "(expected: a duration such as 24h, 30m, 90s, 1h30m, 500ms or PT1H, > 0)";
  static final String POSTGRES =
      "(expected: a JDBC URL jdbc:postgresql://host:port/database or a URL"
          + " postgresql://user:password@host:port/database)";

  @TempDir Path dir;

  static Stream<Arguments> unknownKeys() {
    return Stream.of(
        error(
            "in the server block",
            BASE + "  bind_prot: 8081\n",
            ":4: server.bind_prot: unknown key (expected: one of " + SERVER_KEYS + ")"),
        error(
            "at the top",
            BASE + "federation: {}\n",
            ":4: federation: unknown key (expected: one of plugins, server)"),
        error(
            "a plugin kind",
            BASE + "plugins:\n  node_attestor: {}\n",
            ":5: plugins.node_attestor: unknown key (expected: one of data_store, key_manager,"
                + " upstream_authority)"),
        error(
            "a data store",
            BASE + "plugins:\n  data_store:\n    nosql: {}\n",
            ":6: plugins.data_store.nosql: unknown key (expected: one of sql)"),
        error(
            "in sql",
            BASE + "plugins:\n  data_store:\n    sql:\n      dsn: x\n",
            ":7: plugins.data_store.sql.dsn: unknown key (expected: one of connection_string,"
                + " database_type)"),
        error(
            "a key manager",
            BASE + "plugins:\n  key_manager:\n    vault: {}\n",
            ":6: plugins.key_manager.vault: unknown key (expected: one of disk, memory)"),
        error(
            "in disk",
            BASE + "plugins:\n  key_manager:\n    disk:\n      path: keys\n",
            ":7: plugins.key_manager.disk.path: unknown key (expected: one of keys_path)"),
        error(
            "in memory, which takes none",
            BASE + "plugins:\n  key_manager:\n    memory:\n      size: 1\n",
            ":7: plugins.key_manager.memory.size: unknown key (expected: no keys)"),
        error(
            "an upstream authority",
            BASE + "plugins:\n  upstream_authority:\n    aws_pca: {}\n",
            ":6: plugins.upstream_authority.aws_pca: unknown key (expected: one of disk)"),
        error(
            "in the upstream disk",
            BASE + "plugins:\n  upstream_authority:\n    disk:\n      cert: a.crt\n",
            ":7: plugins.upstream_authority.disk.cert: unknown key (expected: one of bundle_file_path,"
                + " cert_file_path, key_file_path)"));
  }

  static Stream<Arguments> missingValues() {
    return Stream.of(
        error(
            "an empty file",
            "",
            ":1: server: missing (expected: a server block with trust_domain and data_dir)"),
        error(
            "no server block",
            "plugins: {}\n",
            ":1: server: missing (expected: a server block with trust_domain and data_dir)"),
        error(
            "no trust domain",
            "server:\n  data_dir: /srv/weft\n",
            ":1: server.trust_domain: missing (expected: a trust domain such as example.org)"),
        error(
            "no data directory, at the block's line",
            "\n\nserver:\n  trust_domain: example.org\n",
            ":3: server.data_dir: missing (expected: a directory for the server's state)"),
        error(
            "an empty trust domain",
            "server:\n  trust_domain:\n  data_dir: /srv/weft\n",
            ":2: server.trust_domain: empty (expected: a trust domain such as example.org)"));
  }

  static Stream<Arguments> badValues() {
    String longPath = "/tmp/" + "s".repeat(103);
    String longDir = "/srv/" + "d".repeat(92);
    return Stream.of(
        error(
            "a trust domain in upper case",
            "server:\n  trust_domain: Example.org\n  data_dir: /srv/weft\n",
            ":2: server.trust_domain: \"Example.org\" (expected: a trust domain such as example.org; trust"
                + " domain may contain only lowercase letters, digits, '.', '-' and '_')"),
        error(
            "a trust domain with a path",
            "server:\n  trust_domain: spiffe://example.org/path\n  data_dir: /srv/weft\n",
            ":2: server.trust_domain: \"spiffe://example.org/path\" (expected: a trust domain such as"
                + " example.org; a trust domain may not have a path (expected: <trust-domain> or"
                + " spiffe://<trust-domain>))"),
        error(
            "a bind address with a space",
            BASE + "  bind_address: \"bad host!\"\n",
            ":4: server.bind_address: \"bad host!\" (expected: an IP address or host name such as"
                + " 127.0.0.1)"),
        error(
            "a port over 65535",
            BASE + "  bind_port: 70000\n",
            ":4: server.bind_port: 70000 (expected: an integer from 0 to 65535)"),
        error(
            "a negative port",
            BASE + "  bind_port: -1\n",
            ":4: server.bind_port: -1 (expected: an integer from 0 to 65535)"),
        error(
            "a port in letters",
            BASE + "  bind_port: abc\n",
            ":4: server.bind_port: \"abc\" (expected: an integer from 0 to 65535)"),
        error(
            "a decimal port",
            BASE + "  bind_port: 80.5\n",
            ":4: server.bind_port: 80.5 (expected: an integer from 0 to 65535)"),
        error(
            "a list for a port",
            BASE + "  bind_port: [1, 2]\n",
            ":4: server.bind_port: a list (expected: an integer from 0 to 65535)"),
        error(
            "a socket path over 107 bytes",
            BASE + "  socket_path: " + longPath + "\n",
            ":4: server.socket_path: \""
                + longPath
                + "\" (expected: a unix socket path of at most 107"
                + " bytes, not 108)"),
        error(
            "a data directory that makes the default socket too long",
            "server:\n  trust_domain: example.org\n  data_dir: " + longDir + "\n",
            ":3: server.socket_path: \""
                + longDir
                + "/admin.sock\" (expected: a unix socket path of at"
                + " most 107 bytes, not 108)"),
        error(
            "an unknown key type",
            BASE + "  ca_key_type: ec-p521\n",
            ":4: server.ca_key_type: \"ec-p521\" (expected: one of ec-p256, ec-p384, rsa-2048)"),
        error(
            "an unknown log level",
            BASE + "  log_level: verbose\n",
            ":4: server.log_level: \"verbose\" (expected: one of trace, debug, info, warn, error)"),
        error(
            "a CA subject that is not a name",
            BASE + "  ca_subject: not a dn\n",
            ":4: server.ca_subject: \"not a dn\" (expected: an X.500 name such as O=Weft; badly"
                + " formatted directory string)"),
        error(
            "a CA subject whose country has three letters",
            BASE + "  ca_subject: C=USA\n",
            ":4: server.ca_subject: \"C=USA\" (expected: an X.500 name such as O=Weft; country code"
                + " attribute 2.5.4.6 must be exactly 2 characters per ISO 3166-1 / X.520, got 3:"
                + " 'USA')"),
        error(
            "a CA subject with an unknown attribute",
            BASE + "  ca_subject: O=Weft,FOO=bar\n",
            ":4: server.ca_subject: \"O=Weft,FOO=bar\" (expected: an X.500 name such as O=Weft;"
                + " Unknown object id - FOO - passed to distinguished name)"));
  }

  static Stream<Arguments> badDurations() {
    return Stream.of(
        error("letters", BASE + "  ca_ttl: abc\n", ":4: server.ca_ttl: \"abc\" " + DURATION),
        error("a bare number", BASE + "  ca_ttl: 24\n", ":4: server.ca_ttl: 24 " + DURATION),
        error("days", BASE + "  ca_ttl: 1d\n", ":4: server.ca_ttl: \"1d\" " + DURATION),
        error(
            "a space",
            BASE + "  default_jwt_svid_ttl: 5 m\n",
            ":4: server.default_jwt_svid_ttl: \"5 m\" " + DURATION),
        error("zero", BASE + "  ca_ttl: 0\n", ":4: server.ca_ttl: 0 " + DURATION),
        error(
            "a negative ISO duration",
            BASE + "  ca_ttl: PT-1H\n",
            ":4: server.ca_ttl: \"PT-1H\" " + DURATION),
        error(
            "zero seconds",
            BASE + "  default_svid_ttl: 0s\n",
            ":4: server.default_svid_ttl: \"0s\" " + DURATION),
        error(
            "a CA that does not outlive the X.509-SVIDs",
            BASE + "  ca_ttl: 1h\n",
            ":4: server.ca_ttl: \"1h\" (expected: longer than server.default_svid_ttl (1h))"),
        error(
            "the default CA lifetime under a longer SVID lifetime",
            BASE + "  log_level: info\n  default_svid_ttl: 48h\n",
            ":5: server.ca_ttl: 24h (expected: longer than server.default_svid_ttl (48h))"),
        error(
            "the default CA lifetime under a longer JWT-SVID lifetime",
            BASE + "  default_jwt_svid_ttl: 30h\n",
            ":4: server.ca_ttl: 24h (expected: longer than server.default_jwt_svid_ttl (30h))"),
        error(
            "the alias at zero",
            BASE + "  default_x509_svid_ttl: 0\n",
            ":4: server.default_x509_svid_ttl: 0 " + DURATION),
        error(
            "the alias over the CA lifetime",
            BASE + "  default_x509_svid_ttl: 25h\n",
            ":4: server.ca_ttl: 24h (expected: longer than server.default_svid_ttl (25h))"),
        error(
            "the key and its alias",
            BASE + "  default_svid_ttl: 1h\n  default_x509_svid_ttl: 2h\n",
            ":5: server.default_x509_svid_ttl: \"2h\" (expected: only one of default_svid_ttl and its"
                + " alias default_x509_svid_ttl)"));
  }

  static Stream<Arguments> badPlugins() {
    String postgres = BASE + "plugins:\n  data_store:\n    sql:\n      database_type: postgres\n";
    return Stream.of(
        error(
            "an empty data store",
            BASE + "plugins:\n  data_store: {}\n",
            ":5: plugins.data_store: empty (expected: exactly one of: sql)"),
        error(
            "an unknown database type",
            BASE + "plugins:\n  data_store:\n    sql:\n      database_type: mysql\n",
            ":7: plugins.data_store.sql.database_type: \"mysql\" (expected: one of sqlite3, postgres)"),
        error(
            "PostgreSQL without a connection string",
            postgres,
            ":6: plugins.data_store.sql.connection_string: missing " + POSTGRES),
        error(
            "a libpq key-value string, password masked",
            postgres + "      connection_string: host=db user=weft password=s3cret\n",
            ":8: plugins.data_store.sql.connection_string: \"host=db user=weft password=***\" "
                + POSTGRES),
        error(
            "another database's URL, password masked",
            postgres + "      connection_string: mysql://weft:s3cret@db/weft\n",
            ":8: plugins.data_store.sql.connection_string: \"mysql://weft:***@db/weft\" "
                + POSTGRES),
        error(
            "an empty key manager",
            BASE + "plugins:\n  key_manager: {}\n",
            ":5: plugins.key_manager: empty (expected: exactly one of: disk, memory)"),
        error(
            "two key managers",
            BASE + "plugins:\n  key_manager:\n    disk: {}\n    memory: {}\n",
            ":7: plugins.key_manager.memory: a second key manager (expected: exactly one of: disk, memory)"),
        error(
            "an upstream authority without its certificate",
            BASE + "plugins:\n  upstream_authority:\n    disk:\n      key_file_path: up.key\n",
            ":6: plugins.upstream_authority.disk.cert_file_path: missing (expected: the upstream CA"
                + " certificate (a PEM file))"),
        error(
            "an upstream authority without its key",
            BASE + "plugins:\n  upstream_authority:\n    disk:\n      cert_file_path: up.crt\n",
            ":6: plugins.upstream_authority.disk.key_file_path: missing (expected: the upstream CA"
                + " private key (a PEM file))"),
        error(
            "a key manager named, not configured",
            BASE + "plugins:\n  key_manager: memory\n",
            ":5: plugins.key_manager: \"memory\" (expected: a mapping)"));
  }

  static Stream<Arguments> badShapes() {
    return Stream.of(
        error(
            "a scalar for the server block", "server: 5\n", ":1: server: 5 (expected: a mapping)"),
        error(
            "a list at the top",
            "- server\n",
            ":1: top level: a list (expected: a mapping with keys plugins, server)"),
        error(
            "a key twice",
            BASE + "  data_dir: /elsewhere\n",
            ":4: server.data_dir: duplicate key (expected: each key once; the first is on line 3)"),
        error(
            "two documents",
            BASE + "---\nserver: {}\n",
            ":5: a second YAML document (expected: one document)"),
        error(
            "not YAML",
            "server:\n  trust_domain: [unclosed\n  data_dir: x\n",
            ":3: while parsing a flow sequence (expected: valid YAML)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "unknownKeys",
    "missingValues",
    "badValues",
    "badDurations",
    "badPlugins",
    "badShapes"
  })
  void isRejectedNamingFileLineKeyAndValue(String what, String yaml, String message)
      throws Exception {
    Path file = Files.writeString(dir.resolve("server.yaml"), yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(file));
    assertThat(e).hasMessage(file + message);
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("nope.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(missing));
    assertThat(e).hasMessage(missing + ": no such file (expected: a YAML configuration file)");
  }

  private static Arguments error(String what, String yaml, String message) {
    return Arguments.of(what, yaml, message);
  }
}
