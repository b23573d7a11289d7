package dev.weft.trust.config;

import dev.weft.config.ConfigException;
import dev.weft.config.LogLevel;
import dev.weft.config.Problem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.ca.CaSubject;
import dev.weft.trust.ca.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The trust server's configuration: the {@code server} block and the {@code plugins} block of
 * {@code server.yaml} (SPIRE's key names). Load a file with {@link #load}, or build one in code
 * with {@link #builder()}; both apply the same rules.
 *
 * @param trustDomain {@code trust_domain}: required
 * @param bindAddress {@code bind_address}: where the node API (TCP, mTLS) listens; default {@code
 *     127.0.0.1}
 * @param bindPort {@code bind_port}: default {@code 8081}; 0 picks a free port
 * @param socketPath {@code socket_path}: the admin API's unix socket, at most 107 bytes; default
 *     {@code <data_dir>/admin.sock}
 * @param dataDir {@code data_dir}: the server's state; required
 * @param caTtl {@code ca_ttl}: lifetime of the CA certificate; default 24h; longer than both SVID
 *     defaults
 * @param defaultX509SvidTtl {@code default_svid_ttl} (alias {@code default_x509_svid_ttl}): default
 *     1h
 * @param defaultJwtSvidTtl {@code default_jwt_svid_ttl}: default 5m
 * @param caKeyType {@code ca_key_type}: {@code ec-p256} (default), {@code ec-p384} or {@code
 *     rsa-2048}
 * @param caSubject {@code ca_subject}: the CA certificate's subject, parsed as the CA parses it;
 *     default {@code O=Weft}
 * @param logLevel {@code log_level}: default {@code info}
 * @param dataStore {@code plugins.data_store.sql}: default SQLite in {@code
 *     <data_dir>/datastore.sqlite3}
 * @param keyManager {@code plugins.key_manager}: default {@code disk} in {@code <data_dir>/keys}
 * @param upstreamAuthority {@code plugins.upstream_authority}: none by default (self-signed CA)
 * @param federation {@code server.federation}: the bundle endpoint and the relationships declared
 *     in the file; none by default
 * @param limits {@code server.limits}: what one caller may cost the node API, the admin API and the
 *     bundle endpoint; {@link ListenerLimits#defaults()}
 */
public record ServerConfig(
    TrustDomain trustDomain,
    String bindAddress,
    int bindPort,
    Path socketPath,
    Path dataDir,
    Duration caTtl,
    Duration defaultX509SvidTtl,
    Duration defaultJwtSvidTtl,
    KeyType caKeyType,
    CaSubject caSubject,
    LogLevel logLevel,
    DataStoreConfig dataStore,
    KeyManagerConfig keyManager,
    Optional<UpstreamAuthorityConfig> upstreamAuthority,
    FederationConfig federation,
    ListenerLimits limits) {

  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_BIND_PORT = 8081;
  public static final String DEFAULT_SOCKET_NAME = "admin.sock";
  public static final Duration DEFAULT_CA_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_X509_SVID_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_JWT_SVID_TTL = Duration.ofMinutes(5);
  public static final String DEFAULT_KEYS_DIR = "keys";

  /**
   * @throws IllegalArgumentException naming every value that breaks a rule
   */
  public ServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(caTtl, "caTtl");
    Objects.requireNonNull(defaultX509SvidTtl, "defaultX509SvidTtl");
    Objects.requireNonNull(defaultJwtSvidTtl, "defaultJwtSvidTtl");
    Objects.requireNonNull(caKeyType, "caKeyType");
    Objects.requireNonNull(caSubject, "caSubject");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(dataStore, "dataStore");
    Objects.requireNonNull(keyManager, "keyManager");
    Objects.requireNonNull(upstreamAuthority, "upstreamAuthority");
    Objects.requireNonNull(federation, "federation");
    Objects.requireNonNull(limits, "limits");
    if (socketPath == null && dataDir != null) {
      socketPath = dataDir.resolve(DEFAULT_SOCKET_NAME);
    }
    Problem.throwIfAny(
        problems(
            trustDomain,
            bindAddress,
            bindPort,
            socketPath,
            dataDir,
            caTtl,
            defaultX509SvidTtl,
            defaultJwtSvidTtl));
  }

  /** Reads {@code file}; relative paths in it resolve against its directory. */
  public static ServerConfig load(Path file) throws ConfigException {
    return ServerConfigReader.read(file);
  }

  /** A builder with every default set and no trust domain or data directory. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder()
        .trustDomain(trustDomain)
        .bindAddress(bindAddress)
        .bindPort(bindPort)
        .socketPath(socketPath)
        .dataDir(dataDir)
        .caTtl(caTtl)
        .defaultX509SvidTtl(defaultX509SvidTtl)
        .defaultJwtSvidTtl(defaultJwtSvidTtl)
        .caKeyType(caKeyType)
        .caSubject(caSubject)
        .logLevel(logLevel)
        .dataStore(dataStore)
        .keyManager(keyManager)
        .upstreamAuthority(upstreamAuthority.orElse(null))
        .federation(federation)
        .limits(limits);
  }

  static List<Problem> problems(
      TrustDomain trustDomain,
      String bindAddress,
      int bindPort,
      Path socketPath,
      Path dataDir,
      Duration caTtl,
      Duration x509SvidTtl,
      Duration jwtSvidTtl) {
    List<Problem> problems = new ArrayList<>();
    Rules.required(
        problems, "server.trust_domain", trustDomain, "a trust domain such as example.org");
    Rules.required(problems, "server.data_dir", dataDir, "a directory for the server's state");
    Rules.host(problems, "server.bind_address", bindAddress);
    Rules.port(problems, "server.bind_port", bindPort, 0);
    Rules.socketPath(problems, "server.socket_path", socketPath, "server.data_dir");
    Rules.positive(problems, "server.ca_ttl", caTtl);
    Rules.positive(problems, "server.default_svid_ttl", x509SvidTtl);
    Rules.positive(problems, "server.default_jwt_svid_ttl", jwtSvidTtl);
    if (caTtl.compareTo(x509SvidTtl) <= 0) {
      problems.add(
          new Problem(
              "server.ca_ttl",
              Problem.show(caTtl),
              "longer than server.default_svid_ttl (" + Problem.show(x509SvidTtl) + ")",
              Optional.of("server.default_svid_ttl")));
    }
    if (caTtl.compareTo(jwtSvidTtl) <= 0) {
      problems.add(
          new Problem(
              "server.ca_ttl",
              Problem.show(caTtl),
              "longer than server.default_jwt_svid_ttl (" + Problem.show(jwtSvidTtl) + ")",
              Optional.of("server.default_jwt_svid_ttl")));
    }
    return problems;
  }

  /**
   * Builds a {@link ServerConfig}; unset values take the defaults above, paths that default into
   * the data directory follow it.
   */
  public static final class Builder {
    private TrustDomain trustDomain;
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int bindPort = DEFAULT_BIND_PORT;
    private Path socketPath;
    private Path dataDir;
    private Duration caTtl = DEFAULT_CA_TTL;
    private Duration defaultX509SvidTtl = DEFAULT_X509_SVID_TTL;
    private Duration defaultJwtSvidTtl = DEFAULT_JWT_SVID_TTL;
    private KeyType caKeyType = KeyType.EC_P256;
    private CaSubject caSubject = CaSubject.DEFAULT;
    private LogLevel logLevel = LogLevel.INFO;
    private DataStoreConfig dataStore;
    private KeyManagerConfig keyManager;
    private UpstreamAuthorityConfig upstreamAuthority;
    private FederationConfig federation = FederationConfig.none();
    private ListenerLimits limits = ListenerLimits.defaults();

    private Builder() {}

    public Builder limits(ListenerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder federation(FederationConfig federation) {
      this.federation = Objects.requireNonNull(federation, "federation");
      return this;
    }

    public Builder trustDomain(TrustDomain trustDomain) {
      this.trustDomain = trustDomain;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    public Builder bindPort(int bindPort) {
      this.bindPort = bindPort;
      return this;
    }

    /** The admin socket; {@code null} for the default {@code <data_dir>/admin.sock}. */
    public Builder socketPath(Path socketPath) {
      this.socketPath = socketPath;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder caTtl(Duration caTtl) {
      this.caTtl = Objects.requireNonNull(caTtl, "caTtl");
      return this;
    }

    public Builder defaultX509SvidTtl(Duration ttl) {
      this.defaultX509SvidTtl = Objects.requireNonNull(ttl, "defaultX509SvidTtl");
      return this;
    }

    public Builder defaultJwtSvidTtl(Duration ttl) {
      this.defaultJwtSvidTtl = Objects.requireNonNull(ttl, "defaultJwtSvidTtl");
      return this;
    }

    public Builder caKeyType(KeyType caKeyType) {
      this.caKeyType = Objects.requireNonNull(caKeyType, "caKeyType");
      return this;
    }

    public Builder caSubject(CaSubject caSubject) {
      this.caSubject = Objects.requireNonNull(caSubject, "caSubject");
      return this;
    }

    public Builder logLevel(LogLevel logLevel) {
      this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
      return this;
    }

    /** The data store; {@code null} for the default SQLite file in the data directory. */
    public Builder dataStore(DataStoreConfig dataStore) {
      this.dataStore = dataStore;
      return this;
    }

    /** The key manager; {@code null} for the default disk key manager in the data directory. */
    public Builder keyManager(KeyManagerConfig keyManager) {
      this.keyManager = keyManager;
      return this;
    }

    /** The upstream authority; {@code null} for none. */
    public Builder upstreamAuthority(UpstreamAuthorityConfig upstreamAuthority) {
      this.upstreamAuthority = upstreamAuthority;
      return this;
    }

    /** Every rule the current values break, in field order. */
    List<Problem> problems() {
      Path socket =
          socketPath != null || dataDir == null ? socketPath : dataDir.resolve(DEFAULT_SOCKET_NAME);
      return ServerConfig.problems(
          trustDomain,
          bindAddress,
          bindPort,
          socket,
          dataDir,
          caTtl,
          defaultX509SvidTtl,
          defaultJwtSvidTtl);
    }

    /**
     * @throws IllegalArgumentException naming every value that breaks a rule
     */
    public ServerConfig build() {
      Problem.throwIfAny(problems());
      return new ServerConfig(
          trustDomain,
          bindAddress,
          bindPort,
          socketPath,
          dataDir,
          caTtl,
          defaultX509SvidTtl,
          defaultJwtSvidTtl,
          caKeyType,
          caSubject,
          logLevel,
          dataStore != null
              ? dataStore
              : DataStoreConfig.sqlite(dataDir.resolve(DataStoreConfig.DEFAULT_SQLITE_FILE)),
          keyManager != null
              ? keyManager
              : new KeyManagerConfig.Disk(dataDir.resolve(DEFAULT_KEYS_DIR)),
          Optional.ofNullable(upstreamAuthority),
          federation,
          limits);
    }
  }
}
