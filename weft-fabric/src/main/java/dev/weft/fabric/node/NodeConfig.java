package dev.weft.fabric.node;

import dev.weft.config.ConfigException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.DecisionPath;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's configuration, as {@link #read(Path)} reads it from YAML (see docs/fabric.md).
 *
 * @param id the node's id ({@code node.id}), unique in the fabric
 * @param domain the node's domain ({@code node.domain}; SLIM's {@code group_name})
 * @param localEndpoint where the node listens for clients and links ({@code local_endpoint})
 * @param externalEndpoint how other nodes reach it ({@code external_endpoint}; default: the local
 *     endpoint)
 * @param adminEndpoint the loopback HTTP admin endpoint ({@code admin_endpoint}); none if absent
 * @param workloadApiSocket the Workload API socket ({@code identity.workload_api_socket}); the
 *     {@code SPIFFE_ENDPOINT_SOCKET} environment variable if absent
 * @param spiffeId which SVID to use when the Workload API serves several ({@code
 *     identity.spiffe_id})
 * @param policyPaths Rego and data files ({@code policy.paths}); the built-in default policy if
 *     empty
 * @param decisionPath the policy's decision ({@code policy.decision_path}, default {@code
 *     weft/fabric/authz})
 * @param auditLog where the decision log goes ({@code policy.audit_log}); none if absent
 * @param linkPeers SPIFFE IDs of nodes that may link in ({@code link_peers}); route peers may too
 * @param routes static routes ({@code routes})
 * @param limits bounds ({@code limits})
 * @param slowConsumer what happens to a connection that reads too slowly ({@code slow_consumer})
 * @param controller the controller the node registers with and takes links and routes from ({@code
 *     controller}); none if absent: the node runs on its static routes only
 */
public record NodeConfig(
    String id,
    String domain,
    InetSocketAddress localEndpoint,
    String externalEndpoint,
    Optional<InetSocketAddress> adminEndpoint,
    Optional<Path> workloadApiSocket,
    Optional<SpiffeId> spiffeId,
    List<Path> policyPaths,
    DecisionPath decisionPath,
    Optional<Path> auditLog,
    List<SpiffeId> linkPeers,
    List<Route> routes,
    Limits limits,
    SlowConsumerPolicy slowConsumer,
    Optional<ControllerEndpoint> controller) {

  /** The decision path of the built-in policy. */
  public static final String DEFAULT_DECISION_PATH = "weft/fabric/authz";

  /** Checks and copies the fields. */
  public NodeConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(localEndpoint, "localEndpoint");
    Objects.requireNonNull(externalEndpoint, "externalEndpoint");
    Objects.requireNonNull(adminEndpoint, "adminEndpoint");
    Objects.requireNonNull(workloadApiSocket, "workloadApiSocket");
    Objects.requireNonNull(spiffeId, "spiffeId");
    policyPaths = List.copyOf(policyPaths);
    Objects.requireNonNull(decisionPath, "decisionPath");
    Objects.requireNonNull(auditLog, "auditLog");
    linkPeers = List.copyOf(linkPeers);
    routes = List.copyOf(routes);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(slowConsumer, "slowConsumer");
    Objects.requireNonNull(controller, "controller");
    NodeConfigReader.checkId("node.id", id);
    NodeConfigReader.checkId("node.domain", domain);
  }

  /**
   * Reads a node configuration file.
   *
   * @throws ConfigException in the form {@code file:line: key: value (expected: ...)}, also for
   *     unknown keys
   */
  public static NodeConfig read(Path file) throws ConfigException {
    return NodeConfigReader.read(file);
  }

  /** A configuration with the defaults, for tests and embedding: edit it with the withers. */
  public static NodeConfig of(String id, String domain, InetSocketAddress localEndpoint) {
    return new NodeConfig(
        id,
        domain,
        localEndpoint,
        localEndpoint.getHostString() + ":" + localEndpoint.getPort(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        DecisionPath.parse(DEFAULT_DECISION_PATH),
        Optional.empty(),
        List.of(),
        List.of(),
        Limits.DEFAULTS,
        SlowConsumerPolicy.DISCONNECT,
        Optional.empty());
  }

  /** This configuration with other routes. */
  public NodeConfig withRoutes(List<Route> newRoutes) {
    return new NodeConfig(
        id,
        domain,
        localEndpoint,
        externalEndpoint,
        adminEndpoint,
        workloadApiSocket,
        spiffeId,
        policyPaths,
        decisionPath,
        auditLog,
        linkPeers,
        newRoutes,
        limits,
        slowConsumer,
        controller);
  }

  /** This configuration with other link peers. */
  public NodeConfig withLinkPeers(List<SpiffeId> newPeers) {
    return new NodeConfig(
        id,
        domain,
        localEndpoint,
        externalEndpoint,
        adminEndpoint,
        workloadApiSocket,
        spiffeId,
        policyPaths,
        decisionPath,
        auditLog,
        newPeers,
        routes,
        limits,
        slowConsumer,
        controller);
  }

  /** This configuration with other limits and slow-consumer policy. */
  public NodeConfig withLimits(Limits newLimits, SlowConsumerPolicy newPolicy) {
    return new NodeConfig(
        id,
        domain,
        localEndpoint,
        externalEndpoint,
        adminEndpoint,
        workloadApiSocket,
        spiffeId,
        policyPaths,
        decisionPath,
        auditLog,
        linkPeers,
        routes,
        newLimits,
        newPolicy,
        controller);
  }

  /** This configuration with an admin endpoint. */
  public NodeConfig withAdminEndpoint(InetSocketAddress endpoint) {
    return new NodeConfig(
        id,
        domain,
        localEndpoint,
        externalEndpoint,
        Optional.of(endpoint),
        workloadApiSocket,
        spiffeId,
        policyPaths,
        decisionPath,
        auditLog,
        linkPeers,
        routes,
        limits,
        slowConsumer,
        controller);
  }

  /** This configuration with a controller to register with. */
  public NodeConfig withController(ControllerEndpoint newController) {
    return new NodeConfig(
        id,
        domain,
        localEndpoint,
        externalEndpoint,
        adminEndpoint,
        workloadApiSocket,
        spiffeId,
        policyPaths,
        decisionPath,
        auditLog,
        linkPeers,
        routes,
        limits,
        slowConsumer,
        Optional.of(newController));
  }

  /** This configuration with a policy from files. */
  public NodeConfig withPolicy(List<Path> paths, DecisionPath path) {
    return new NodeConfig(
        id,
        domain,
        localEndpoint,
        externalEndpoint,
        adminEndpoint,
        workloadApiSocket,
        spiffeId,
        paths,
        path,
        auditLog,
        linkPeers,
        routes,
        limits,
        slowConsumer,
        controller);
  }

  /** This configuration with another local endpoint (the external one follows if it was equal). */
  public NodeConfig withLocalEndpoint(InetSocketAddress endpoint) {
    String oldLocal = localEndpoint.getHostString() + ":" + localEndpoint.getPort();
    String external =
        externalEndpoint.equals(oldLocal)
            ? endpoint.getHostString() + ":" + endpoint.getPort()
            : externalEndpoint;
    return new NodeConfig(
        id,
        domain,
        endpoint,
        external,
        adminEndpoint,
        workloadApiSocket,
        spiffeId,
        policyPaths,
        decisionPath,
        auditLog,
        linkPeers,
        routes,
        limits,
        slowConsumer,
        controller);
  }
}
