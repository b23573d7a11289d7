package dev.weft.trust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.config.LogLevel;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.ca.CaSubject;
import dev.weft.trust.ca.KeyType;
import dev.weft.trust.store.DataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading server.yaml: every key, defaults, relative paths. Errors are in ServerConfigErrorsTest.
 */
class ServerConfigTest {
  @TempDir Path dir;

  Path write(String yaml) throws Exception {
    Path file = dir.resolve("server.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void everyKey() throws Exception {
    ServerConfig config =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: example.org
          bind_address: 0.0.0.0
          bind_port: 9443
          socket_path: /run/weft/admin.sock
          data_dir: /var/lib/weft/server
          ca_ttl: 48h
          default_svid_ttl: 1h30m
          default_jwt_svid_ttl: 500ms
          ca_key_type: rsa-2048
          ca_subject: "O=Example, C=DE"
          log_level: debug
        plugins:
          data_store:
            sql:
              database_type: postgres
              connection_string: jdbc:postgresql://db:5432/weft?sslmode=require
          key_manager:
            disk:
              keys_path: /etc/weft/keys
          upstream_authority:
            disk:
              cert_file_path: /etc/weft/upstream.crt
              key_file_path: /etc/weft/upstream.key
              bundle_file_path: /etc/weft/upstream-bundle.crt
        """));

    assertThat(config)
        .isEqualTo(
            new ServerConfig(
                TrustDomain.parse("example.org"),
                "0.0.0.0",
                9443,
                Path.of("/run/weft/admin.sock"),
                Path.of("/var/lib/weft/server"),
                Duration.ofHours(48),
                Duration.ofMinutes(90),
                Duration.ofMillis(500),
                KeyType.RSA_2048,
                CaSubject.parse("O=Example, C=DE"),
                LogLevel.DEBUG,
                DataStoreConfig.postgres("jdbc:postgresql://db:5432/weft?sslmode=require"),
                new KeyManagerConfig.Disk(Path.of("/etc/weft/keys")),
                Optional.of(
                    new UpstreamAuthorityConfig.Disk(
                        Path.of("/etc/weft/upstream.crt"),
                        Path.of("/etc/weft/upstream.key"),
                        Optional.of(Path.of("/etc/weft/upstream-bundle.crt")))),
                FederationConfig.none(),
                ListenerLimits.defaults()));
  }

  @Test
  void defaults() throws Exception {
    ServerConfig config =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: example.org
          data_dir: /var/lib/weft
        """));

    Path data = Path.of("/var/lib/weft");
    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.bindPort()).isEqualTo(8081);
    assertThat(config.socketPath()).isEqualTo(data.resolve("admin.sock"));
    assertThat(config.caTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(config.defaultX509SvidTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(config.defaultJwtSvidTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.caKeyType()).isEqualTo(KeyType.EC_P256);
    assertThat(config.caSubject()).isEqualTo(CaSubject.DEFAULT);
    assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(config.dataStore())
        .isEqualTo(
            new DataStoreConfig(
                DataStoreConfig.DatabaseType.SQLITE3, "/var/lib/weft/datastore.sqlite3"));
    assertThat(config.keyManager()).isEqualTo(new KeyManagerConfig.Disk(data.resolve("keys")));
    assertThat(config.upstreamAuthority()).isEmpty();
    assertThat(config)
        .isEqualTo(
            ServerConfig.builder()
                .trustDomain(TrustDomain.parse("example.org"))
                .dataDir(data)
                .build());
  }

  @Test
  void relativePathsResolveAgainstTheFilesDirectory() throws Exception {
    ServerConfig config =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: example.org
          data_dir: ./data
          socket_path: run/../admin.sock
        plugins:
          data_store:
            sql:
              connection_string: db/state.sqlite3
          key_manager:
            disk:
              keys_path: keys
          upstream_authority:
            disk:
              cert_file_path: upstream.crt
              key_file_path: ../secrets/upstream.key
        """));

    assertThat(config.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(config.socketPath()).isEqualTo(dir.resolve("admin.sock"));
    assertThat(config.dataStore())
        .isEqualTo(DataStoreConfig.sqlite(dir.resolve("data/db/state.sqlite3")));
    assertThat(config.keyManager()).isEqualTo(new KeyManagerConfig.Disk(dir.resolve("keys")));
    assertThat(config.upstreamAuthority())
        .contains(
            new UpstreamAuthorityConfig.Disk(
                dir.resolve("upstream.crt"),
                dir.getParent().resolve("secrets/upstream.key"),
                Optional.empty()));
  }

  @Test
  void relativeFileNameResolvesFromTheWorkingDirectory() throws Exception {
    Path file =
        write(
            """
        server:
          trust_domain: example.org
          data_dir: data
        """);
    Path relative = Path.of("").toAbsolutePath().relativize(file);

    assertThat(ServerConfig.load(relative).dataDir()).isEqualTo(dir.resolve("data"));
  }

  @Test
  void loadedDataStoreOpensAsIs() throws Exception {
    ServerConfig config =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: example.org
          data_dir: data
        """));

    try (DataStore store =
        DataStore.open(config.dataStore().connectionString(), Clock.systemUTC())) {
      assertThat(store.revision()).isZero();
    }
    assertThat(dir.resolve("data/datastore.sqlite3")).exists();
  }

  @Test
  void sqliteJdbcUrlAndDefaultDataStoreFile() throws Exception {
    ServerConfig config =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
        plugins:
          data_store:
            sql:
              database_type: sqlite3
              connection_string: jdbc:sqlite:/elsewhere/x.db
        """));

    assertThat(config.dataStore().connectionString()).isEqualTo("/elsewhere/x.db");
  }

  @Test
  void postgresUrlIsConvertedToJdbcAndItsPasswordMasked() throws Exception {
    ServerConfig config =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
        plugins:
          data_store:
            sql:
              database_type: postgres
              connection_string: "postgresql://weft:s3cr%40t@db.example.com:5432/weft?sslmode=require"
        """));

    assertThat(config.dataStore().databaseType()).isEqualTo(DataStoreConfig.DatabaseType.POSTGRES);
    assertThat(config.dataStore().connectionString())
        .isEqualTo(
            "jdbc:postgresql://db.example.com:5432/weft?user=weft&password=s3cr%40t&sslmode=require");
    assertThat(config.dataStore().toString())
        .isEqualTo(
            "DataStoreConfig[databaseType=postgres,"
                + " connectionString=jdbc:postgresql://db.example.com:5432/weft?user=weft&password=***&sslmode=require]");
    assertThat(config.toString()).doesNotContain("s3cr");
  }

  @Test
  void memoryKeyManagerEmptyDiskAndAliasForSvidTtl() throws Exception {
    ServerConfig memory =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
          default_x509_svid_ttl: PT2H
        plugins:
          key_manager:
            memory: {}
        """));
    ServerConfig disk =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
        plugins:
          key_manager:
            disk:
        """));

    assertThat(memory.keyManager()).isEqualTo(new KeyManagerConfig.Memory());
    assertThat(memory.defaultX509SvidTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(disk.keyManager()).isEqualTo(new KeyManagerConfig.Disk(Path.of("/srv/weft/keys")));
  }

  @Test
  void everyEnumValueByItsConfigName() throws Exception {
    for (KeyType type : KeyType.values()) {
      for (LogLevel level : LogLevel.values()) {
        ServerConfig config =
            ServerConfig.load(
                write(
                    """
            server:
              trust_domain: example.org
              data_dir: /srv/weft
              ca_key_type: %s
              log_level: %s
            """
                        .formatted(type.configName(), level.configName())));
        assertThat(config.caKeyType()).isEqualTo(type);
        assertThat(config.logLevel()).isEqualTo(level);
      }
    }
  }

  @Test
  void portZeroAndTrustDomainIdAreAccepted() throws Exception {
    ServerConfig config =
        ServerConfig.load(
            write(
                """
        server:
          trust_domain: spiffe://example.org
          data_dir: /srv/weft
          bind_port: 0
          bind_address: "::1"
        """));

    assertThat(config.trustDomain()).isEqualTo(TrustDomain.parse("example.org"));
    assertThat(config.bindPort()).isZero();
    assertThat(config.bindAddress()).isEqualTo("::1");
  }

  @Test
  void builderAppliesTheSameRulesWithoutAFile() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ServerConfig.builder()
                    .dataDir(Path.of("/srv/weft"))
                    .bindPort(70000)
                    .caTtl(Duration.ofMinutes(30))
                    .build());

    assertThat(e)
        .hasMessage(
            "server.trust_domain: missing (expected: a trust domain such as example.org);"
                + " server.bind_port: 70000 (expected: an integer from 0 to 65535);"
                + " server.ca_ttl: 30m (expected: longer than server.default_svid_ttl (1h))");
  }

  @Test
  void recordConstructorAppliesTheRulesToo() {
    ServerConfig ok =
        ServerConfig.builder()
            .trustDomain(TrustDomain.parse("example.org"))
            .dataDir(Path.of("/srv/weft"))
            .build();

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ServerConfig(
                    ok.trustDomain(),
                    "bad host!",
                    ok.bindPort(),
                    ok.socketPath(),
                    ok.dataDir(),
                    ok.caTtl(),
                    ok.defaultX509SvidTtl(),
                    Duration.ZERO,
                    ok.caKeyType(),
                    ok.caSubject(),
                    ok.logLevel(),
                    ok.dataStore(),
                    ok.keyManager(),
                    ok.upstreamAuthority(),
                    ok.federation(),
                    ok.limits()));

    assertThat(e)
        .hasMessage(
            "server.bind_address: \"bad host!\" (expected: an IP address or host name"
                + " such as 127.0.0.1); server.default_jwt_svid_ttl: 0s (expected: > 0)");
  }

  @Test
  void toBuilderRoundTrips() throws Exception {
    ServerConfig config =
        ServerConfig.builder()
            .trustDomain(TrustDomain.parse("example.org"))
            .dataDir(Path.of("/srv/weft"))
            .keyManager(new KeyManagerConfig.Memory())
            .upstreamAuthority(
                new UpstreamAuthorityConfig.Disk(
                    Path.of("/a.crt"), Path.of("/a.key"), Optional.empty()))
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
    assertThat(config.toBuilder().bindPort(0).build().bindPort()).isZero();
  }
}
