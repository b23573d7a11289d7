package dev.weft.trust.config;

import dev.weft.config.ConfigException;
import dev.weft.config.LogLevel;
import dev.weft.config.Problem;
import dev.weft.identity.spiffeid.TrustDomain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The node agent's configuration: the {@code agent} block of {@code agent.yaml} (SPIRE's key
 * names). Load a file with {@link #load}, or build one in code with {@link #builder()}; both apply
 * the same rules. {@link #toString()} masks the join token.
 *
 * @param trustDomain {@code trust_domain}: required
 * @param serverAddress {@code server_address}: the trust server's host; required
 * @param serverPort {@code server_port}: default {@code 8081}
 * @param socketPath {@code socket_path}: the Workload API's unix socket, at most 107 bytes;
 *     required
 * @param dataDir {@code data_dir}: the agent's state; required
 * @param trustBundlePath {@code trust_bundle_path}: a PEM bundle that authenticates the server on
 *     first contact; required unless {@code insecureBootstrap}
 * @param insecureBootstrap {@code insecure_bootstrap}: with no {@code trustBundlePath}, trust the
 *     server on first use (the agent warns); default false
 * @param joinToken {@code join_token}: a join token for the first attestation, usually given on the
 *     command line instead; never logged
 * @param logLevel {@code log_level}: default {@code info}
 * @param limits {@code limits}: the Workload API's {@code max_request_bytes} and {@code
 *     max_header_bytes} (the other limits are the defaults and unused); {@link
 *     ListenerLimits#defaults()}
 */
public record NodeAgentConfig(
    TrustDomain trustDomain,
    String serverAddress,
    int serverPort,
    Path socketPath,
    Path dataDir,
    Optional<Path> trustBundlePath,
    boolean insecureBootstrap,
    Optional<String> joinToken,
    LogLevel logLevel,
    ListenerLimits limits) {

  public static final int DEFAULT_SERVER_PORT = 8081;

  /**
   * @throws IllegalArgumentException naming every value that breaks a rule
   */
  public NodeAgentConfig {
    Objects.requireNonNull(trustBundlePath, "trustBundlePath");
    Objects.requireNonNull(joinToken, "joinToken");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(limits, "limits");
    Problem.throwIfAny(
        problems(
            trustDomain,
            serverAddress,
            serverPort,
            socketPath,
            dataDir,
            trustBundlePath,
            insecureBootstrap,
            joinToken));
  }

  /** Reads {@code file}; relative paths in it resolve against its directory. */
  public static NodeAgentConfig load(Path file) throws ConfigException {
    return NodeAgentConfigReader.read(file);
  }

  /** A builder with every default set and nothing required set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder()
        .trustDomain(trustDomain)
        .serverAddress(serverAddress)
        .serverPort(serverPort)
        .socketPath(socketPath)
        .dataDir(dataDir)
        .trustBundlePath(trustBundlePath.orElse(null))
        .insecureBootstrap(insecureBootstrap)
        .joinToken(joinToken.orElse(null))
        .logLevel(logLevel)
        .limits(limits);
  }

  /** Whether the agent must trust the server on first use: insecure bootstrap and no bundle. */
  public boolean trustOnFirstUse() {
    return insecureBootstrap && trustBundlePath.isEmpty();
  }

  static List<Problem> problems(
      TrustDomain trustDomain,
      String serverAddress,
      int serverPort,
      Path socketPath,
      Path dataDir,
      Optional<Path> trustBundlePath,
      boolean insecureBootstrap,
      Optional<String> joinToken) {
    List<Problem> problems = new ArrayList<>();
    Rules.required(
        problems, "agent.trust_domain", trustDomain, "a trust domain such as example.org");
    Rules.required(
        problems,
        "agent.server_address",
        serverAddress,
        "the trust server's address, such as 127.0.0.1");
    Rules.host(problems, "agent.server_address", serverAddress);
    Rules.port(problems, "agent.server_port", serverPort, 1);
    Rules.required(problems, "agent.socket_path", socketPath, "a path for the Workload API socket");
    Rules.socketPath(problems, "agent.socket_path", socketPath, null);
    Rules.required(problems, "agent.data_dir", dataDir, "a directory for the agent's state");
    if (trustBundlePath.isEmpty() && !insecureBootstrap) {
      problems.add(
          Problem.missing(
              "agent.trust_bundle_path",
              "a PEM bundle that authenticates the trust server, or insecure_bootstrap: true to trust"
                  + " it on first use"));
    }
    if (joinToken.isPresent() && joinToken.get().isBlank()) {
      problems.add(new Problem("agent.join_token", "empty", "a join token, or no join_token key"));
    }
    return problems;
  }

  /** Masks the join token. */
  @Override
  public String toString() {
    return "NodeAgentConfig[trustDomain="
        + trustDomain
        + ", serverAddress="
        + serverAddress
        + ", serverPort="
        + serverPort
        + ", socketPath="
        + socketPath
        + ", dataDir="
        + dataDir
        + ", trustBundlePath="
        + trustBundlePath
        + ", insecureBootstrap="
        + insecureBootstrap
        + ", joinToken="
        + (joinToken.isPresent() ? "***" : "none")
        + ", logLevel="
        + logLevel
        + "]";
  }

  /** Builds a {@link NodeAgentConfig}; unset values take the defaults above. */
  public static final class Builder {
    private TrustDomain trustDomain;
    private String serverAddress;
    private int serverPort = DEFAULT_SERVER_PORT;
    private Path socketPath;
    private Path dataDir;
    private Path trustBundlePath;
    private boolean insecureBootstrap;
    private String joinToken;
    private LogLevel logLevel = LogLevel.INFO;
    private ListenerLimits limits = ListenerLimits.defaults();

    private Builder() {}

    public Builder limits(ListenerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder trustDomain(TrustDomain trustDomain) {
      this.trustDomain = trustDomain;
      return this;
    }

    public Builder serverAddress(String serverAddress) {
      this.serverAddress = serverAddress;
      return this;
    }

    public Builder serverPort(int serverPort) {
      this.serverPort = serverPort;
      return this;
    }

    public Builder socketPath(Path socketPath) {
      this.socketPath = socketPath;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The bootstrap bundle; {@code null} for none. */
    public Builder trustBundlePath(Path trustBundlePath) {
      this.trustBundlePath = trustBundlePath;
      return this;
    }

    public Builder insecureBootstrap(boolean insecureBootstrap) {
      this.insecureBootstrap = insecureBootstrap;
      return this;
    }

    /** The join token; {@code null} for none. */
    public Builder joinToken(String joinToken) {
      this.joinToken = joinToken;
      return this;
    }

    public Builder logLevel(LogLevel logLevel) {
      this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
      return this;
    }

    /** Every rule the current values break, in field order. */
    List<Problem> problems() {
      return NodeAgentConfig.problems(
          trustDomain,
          serverAddress,
          serverPort,
          socketPath,
          dataDir,
          Optional.ofNullable(trustBundlePath),
          insecureBootstrap,
          Optional.ofNullable(joinToken));
    }

    /**
     * @throws IllegalArgumentException naming every value that breaks a rule
     */
    public NodeAgentConfig build() {
      return new NodeAgentConfig(
          trustDomain,
          serverAddress,
          serverPort,
          socketPath,
          dataDir,
          Optional.ofNullable(trustBundlePath),
          insecureBootstrap,
          Optional.ofNullable(joinToken),
          logLevel,
          limits);
    }
  }
}
