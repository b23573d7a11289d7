package dev.weft.trust.config;

import dev.weft.config.ConfigException;
import dev.weft.config.ConfigFile;
import dev.weft.config.LogLevel;
import dev.weft.config.Section;
import dev.weft.trust.ca.CaSubject;
import dev.weft.trust.ca.KeyType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Maps {@code server.yaml} onto {@link ServerConfig.Builder}, with file and line in every error.
 */
final class ServerConfigReader {
  static final String[] SERVER_KEYS = {
    "trust_domain",
    "bind_address",
    "bind_port",
    "socket_path",
    "data_dir",
    "ca_ttl",
    "default_svid_ttl",
    "default_x509_svid_ttl",
    "default_jwt_svid_ttl",
    "ca_key_type",
    "ca_subject",
    "log_level",
    "federation",
    "limits",
  };
  static final String[] LIMIT_KEYS = {
    "max_request_bytes",
    "max_header_bytes",
    "max_connections",
    "handshake_timeout",
    "idle_timeout",
    "max_concurrent_calls",
    "request_timeout",
  };
  static final String CONNECTION_STRING = "plugins.data_store.sql.connection_string";

  private ServerConfigReader() {}

  static ServerConfig read(Path file) throws ConfigException {
    Section root = ConfigFile.read(file, "server", "plugins");
    root.mask(CONNECTION_STRING, PostgresUrl::redact);
    Section server =
        root.section("server")
            .orElseThrow(
                () -> root.missing("server", "a server block with trust_domain and data_dir"));
    ServerConfig.Builder builder = ServerConfig.builder();
    Path dataDir = readServer(server.allow(SERVER_KEYS), builder);
    Optional<Section> plugins = root.section("plugins");
    if (plugins.isPresent()) {
      readPlugins(
          plugins.get().allow("data_store", "key_manager", "upstream_authority"), dataDir, builder);
    }
    root.throwFirst(builder.problems());
    return builder.build();
  }

  /** Reads the {@code server} block; returns the data directory, or null if missing. */
  private static Path readServer(Section s, ServerConfig.Builder b) throws ConfigException {
    Ids.trustDomain(s, "trust_domain").ifPresent(b::trustDomain);
    s.string("bind_address", "an IP address or host name such as 127.0.0.1")
        .ifPresent(b::bindAddress);
    s.integer("bind_port", 0, 65535).ifPresent(b::bindPort);
    s.path("socket_path", "a path for the admin API socket").ifPresent(b::socketPath);
    Path dataDir = s.path("data_dir", "a directory for the server's state").orElse(null);
    b.dataDir(dataDir);
    s.duration("ca_ttl").ifPresent(b::caTtl);
    String svidTtl = "default_svid_ttl";
    if (s.has("default_x509_svid_ttl")) {
      if (s.has(svidTtl)) {
        throw s.error(
            "default_x509_svid_ttl",
            "only one of default_svid_ttl and its alias default_x509_svid_ttl");
      }
      svidTtl = "default_x509_svid_ttl";
      s.alias("default_svid_ttl", svidTtl);
    }
    s.duration(svidTtl).ifPresent(b::defaultX509SvidTtl);
    s.duration("default_jwt_svid_ttl").ifPresent(b::defaultJwtSvidTtl);
    s.choice("ca_key_type", KeyType.values(), KeyType::configName).ifPresent(b::caKeyType);
    s.value("ca_subject", CaSubject.EXPECTED, CaSubject::parse).ifPresent(b::caSubject);
    s.choice("log_level", LogLevel.values(), LogLevel::configName).ifPresent(b::logLevel);
    Optional<Section> limits = s.section("limits");
    if (limits.isPresent()) {
      b.limits(ListenerLimits.read(limits.get(), LIMIT_KEYS));
    }
    Optional<Section> federation = s.section("federation");
    if (federation.isPresent()) {
      b.federation(FederationConfigReader.read(federation.get()));
    }
    return dataDir;
  }

  private static void readPlugins(Section plugins, Path dataDir, ServerConfig.Builder b)
      throws ConfigException {
    Optional<Section> dataStore = plugins.section("data_store");
    if (dataStore.isPresent()) {
      Section sql = only(dataStore.get(), "data store", "sql");
      b.dataStore(readDataStore(sql.allow("database_type", "connection_string"), dataDir));
    }
    Optional<Section> keyManager = plugins.section("key_manager");
    if (keyManager.isPresent()) {
      Section chosen = only(keyManager.get(), "key manager", "disk", "memory");
      if (chosen.key().endsWith(".memory")) {
        chosen.allow();
        b.keyManager(new KeyManagerConfig.Memory());
      } else {
        Optional<Path> keys =
            chosen.allow("keys_path").path("keys_path", "a directory for the CA keys");
        b.keyManager(keys.<KeyManagerConfig>map(KeyManagerConfig.Disk::new).orElse(null));
      }
    }
    Optional<Section> upstream = plugins.section("upstream_authority");
    if (upstream.isPresent()) {
      Section disk =
          only(upstream.get(), "upstream authority", "disk")
              .allow("cert_file_path", "key_file_path", "bundle_file_path");
      String cert = "the upstream CA certificate (a PEM file)";
      String key = "the upstream CA private key (a PEM file)";
      b.upstreamAuthority(
          new UpstreamAuthorityConfig.Disk(
              disk.path("cert_file_path", cert)
                  .orElseThrow(() -> disk.error("cert_file_path", cert)),
              disk.path("key_file_path", key).orElseThrow(() -> disk.error("key_file_path", key)),
              disk.path("bundle_file_path", "a PEM file of further upstream roots")));
    }
  }

  private static DataStoreConfig readDataStore(Section sql, Path dataDir) throws ConfigException {
    DataStoreConfig.DatabaseType type =
        sql.choice(
                "database_type",
                DataStoreConfig.DatabaseType.values(),
                DataStoreConfig.DatabaseType::configName)
            .orElse(DataStoreConfig.DatabaseType.SQLITE3);
    if (type == DataStoreConfig.DatabaseType.POSTGRES) {
      String url =
          sql.string("connection_string", PostgresUrl.EXPECTED)
              .orElseThrow(() -> sql.error("connection_string", PostgresUrl.EXPECTED));
      return DataStoreConfig.postgres(
          PostgresUrl.toJdbc(url)
              .orElseThrow(() -> sql.error("connection_string", PostgresUrl.EXPECTED)));
    }
    String expected = "a SQLite database file (relative to data_dir)";
    if (!sql.has("connection_string")) {
      return null; // the default, in data_dir
    }
    Path base = dataDir != null ? dataDir : sql.directory();
    return DataStoreConfig.sqlite(
        sql.value(
                "connection_string",
                expected,
                text ->
                    base.resolve(
                            Path.of(
                                text.startsWith("jdbc:sqlite:")
                                    ? text.substring("jdbc:sqlite:".length())
                                    : text))
                        .normalize())
            .orElseThrow());
  }

  /** The one nested block of a plugin kind, for example {@code disk} of {@code key_manager}. */
  private static Section only(Section kind, String what, String... plugins) throws ConfigException {
    kind.allow(plugins);
    String expected = "exactly one of: " + String.join(", ", plugins);
    List<String> chosen = List.copyOf(kind.names());
    if (chosen.isEmpty()) {
      throw kind.sectionError("empty", expected);
    }
    if (chosen.size() > 1) {
      throw kind.error(chosen.get(1), "a second " + what, expected);
    }
    return kind.section(chosen.getFirst()).orElseThrow();
  }
}
