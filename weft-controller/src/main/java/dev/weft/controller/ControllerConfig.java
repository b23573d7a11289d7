package dev.weft.controller;

import dev.weft.config.ConfigException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.DecisionPath;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A controller's configuration, read from YAML by {@link #read(Path)} (see docs/fabric.md, "The
 * controller").
 *
 * @param id the controller's name in logs and in {@code Registered}
 * @param southbound where nodes open their control channel (gRPC over mutual TLS)
 * @param northbound where the JSON API listens over mutual TLS, if at all
 * @param adminSocket the JSON API's local unix socket (owner only), if any
 * @param workloadApiSocket the Workload API the controller takes its SVID from (else {@code
 *     SPIFFE_ENDPOINT_SOCKET})
 * @param spiffeId which SVID, when the socket serves several
 * @param store the data store: {@code sqlite3} with a file, or {@code postgres} with a JDBC URL
 * @param policyPaths Rego and data files; the built-in policy when empty
 * @param decisionPath the policy's decision
 * @param auditLog where decisions are logged as JSON lines, if anywhere
 * @param segments segments declared in the file (created or updated at start)
 * @param domains domains declared in the file, each in a segment
 * @param links explicit links declared in the file, each a pair of node ids
 * @param limits what a caller controls
 */
public record ControllerConfig(
    String id,
    InetSocketAddress southbound,
    Optional<InetSocketAddress> northbound,
    Optional<Path> adminSocket,
    Optional<Path> workloadApiSocket,
    Optional<SpiffeId> spiffeId,
    StoreConfig store,
    List<Path> policyPaths,
    DecisionPath decisionPath,
    Optional<Path> auditLog,
    Map<String, SegmentConfig> segments,
    Map<String, String> domains,
    List<List<String>> links,
    Limits limits) {

  /** The built-in policy's decision path. */
  public static final String DEFAULT_DECISION_PATH = "weft/fabric/controller";

  public ControllerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(southbound, "southbound");
    Objects.requireNonNull(northbound, "northbound");
    Objects.requireNonNull(adminSocket, "adminSocket");
    Objects.requireNonNull(workloadApiSocket, "workloadApiSocket");
    Objects.requireNonNull(spiffeId, "spiffeId");
    Objects.requireNonNull(store, "store");
    policyPaths = List.copyOf(policyPaths);
    Objects.requireNonNull(decisionPath, "decisionPath");
    Objects.requireNonNull(auditLog, "auditLog");
    segments = Map.copyOf(segments);
    domains = Map.copyOf(domains);
    links = links.stream().map(List::copyOf).toList();
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * Reads a configuration file.
   *
   * @throws ConfigException naming the file, line, key and what was expected
   */
  public static ControllerConfig read(Path file) throws ConfigException {
    return ControllerConfigReader.read(file);
  }

  /** The data store: SQLite (a file) or PostgreSQL (a JDBC URL). */
  public record StoreConfig(boolean postgres, String connection) {
    public StoreConfig {
      Objects.requireNonNull(connection, "connection");
    }

    /** As shown in logs and messages: a PostgreSQL URL without its password. */
    @Override
    public String toString() {
      return postgres
          ? "postgres " + connection.replaceAll("password=[^&]*", "password=***")
          : "sqlite3 " + connection;
    }
  }

  /** One segment: how its nodes are linked. */
  public record SegmentConfig(String topology, Optional<String> hub) {
    public SegmentConfig {
      Objects.requireNonNull(topology, "topology");
      Objects.requireNonNull(hub, "hub");
    }
  }

  /**
   * What callers control.
   *
   * @param maxMessageBytes the longest control-channel message a node may send
   * @param maxSubscriptionsPerNode how many names one node may report
   * @param maxRequestBytes the longest JSON API request body
   * @param maxHeaderBytes the longest JSON API request head
   * @param maxConnections concurrent JSON API connections
   * @param registerTimeout how long a new control channel may wait before its Register
   * @param requestTimeout how long a JSON API request may take to arrive
   */
  public record Limits(
      int maxMessageBytes,
      int maxSubscriptionsPerNode,
      int maxRequestBytes,
      int maxHeaderBytes,
      int maxConnections,
      Duration registerTimeout,
      Duration requestTimeout) {

    /** The defaults. */
    public static final Limits DEFAULTS =
        new Limits(
            4 << 20,
            100_000,
            1 << 20,
            16 << 10,
            256,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
  }
}
