package dev.weft.cli.local;

import dev.weft.cli.CliException;
import dev.weft.controller.api.ControllerClient;
import dev.weft.controller.api.ControllerClientException;
import dev.weft.controller.api.NodeView;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Seed 003's multi-cluster fabric on this machine: the controller in {@code admin.example}, three
 * nodes in each of {@code cluster-a.example} and {@code cluster-b.example} (like a StatefulSet's
 * slim-0..2), every node registering with the controller over mutual TLS across the federated trust
 * domains. No static routes and no static links: the controller links the nodes (one mesh segment)
 * and installs routes when subscriptions appear.
 */
final class LocalMulticluster implements AutoCloseable {

  /** The admin trust domain, where the controller runs. */
  static final TrustDomain ADMIN = TrustDomain.parse("admin.example");

  /** The workload trust domains, each a domain (group name) of the fabric. */
  static final List<TrustDomain> CLUSTERS =
      List.of(TrustDomain.parse("cluster-a.example"), TrustDomain.parse("cluster-b.example"));

  /** Nodes per workload cluster. */
  static final int NODES_PER_CLUSTER = 3;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Path root;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final List<ChildProcess> children = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();

  /** One node of a workload cluster. */
  record Node(String id, TrustDomain td, SpiffeId spiffeId, String key) {}

  LocalMulticluster(Path root) {
    this.root = root;
  }

  /** The three trust domains of the example, admin first. */
  static List<TrustDomain> trustDomains() {
    List<TrustDomain> all = new ArrayList<>();
    all.add(ADMIN);
    all.addAll(CLUSTERS);
    return all;
  }

  static SpiffeId controllerId() {
    return SpiffeId.of(ADMIN, "fabric", "controller");
  }

  Path controllerSocket(LocalDomain admin) {
    return admin.home().resolve("fabric/controller.sock");
  }

  String controllerApi() {
    return "127.0.0.1:" + ports.get("controller.api");
  }

  String controllerSouthbound() {
    return "127.0.0.1:" + ports.get("controller");
  }

  String address(Node node) {
    return "127.0.0.1:" + ports.get(node.key());
  }

  String admin(Node node) {
    return "127.0.0.1:" + ports.get(node.key() + ".admin");
  }

  List<Node> nodes() {
    return nodes;
  }

  /**
   * Registers and starts the controller, then the nodes, and waits until every node has registered
   * (the controller lists it connected).
   */
  void start(Map<TrustDomain, LocalDomain> domains)
      throws CliException, IOException, InterruptedException {
    for (TrustDomain td : CLUSTERS) {
      for (int i = 0; i < NODES_PER_CLUSTER; i++) {
        String pod = "slim-" + i;
        nodes.add(
            new Node(
                pod + "." + td.name(), td, SpiffeId.of(td, "fabric", pod), td.name() + "." + pod));
      }
    }
    choosePorts();
    LocalDomain admin = domains.get(ADMIN);
    admin.registerWorkload(controllerId(), "fabric controller");
    admin.awaitWorkload(controllerId());
    Path controllerConfig = writeController(admin);
    ChildProcess controller =
        ChildProcess.start(
            "fabric controller " + ADMIN,
            List.of("fabric", "controller", "run", "--config", controllerConfig.toString()),
            admin.home().resolve("fabric/controller.log"),
            admin.home().resolve("fabric/controller.pid"),
            Map.of());
    children.add(controller);
    LocalAgents.awaitListening(controller, ports.get("controller"));
    LocalAgents.awaitListening(controller, ports.get("controller.api"));
    for (Node node : nodes) {
      LocalDomain domain = domains.get(node.td());
      domain.registerWorkload(node.spiffeId(), "fabric node");
    }
    // Seed 003's Alice and Bob too, now: their SVIDs are issued while the nodes start.
    domains.get(CLUSTERS.get(0)).registerWorkload(aliceId(), "seed 003's alice");
    domains.get(CLUSTERS.get(1)).registerWorkload(bobId(), "seed 003's bob");
    for (Node node : nodes) {
      LocalDomain domain = domains.get(node.td());
      domain.awaitWorkload(node.spiffeId());
      Path config = writeNode(domain, node);
      children.add(
          ChildProcess.start(
              "fabric node " + node.id(),
              List.of("fabric", "node", "run", "--config", config.toString()),
              domain.home().resolve("fabric/" + node.key() + ".log"),
              domain.home().resolve("fabric/" + node.key() + ".pid"),
              Map.of()));
    }
    for (int i = 0; i < nodes.size(); i++) {
      LocalAgents.awaitListening(children.get(i + 1), ports.get(nodes.get(i).key()), START_TIMEOUT);
    }
    awaitRegistered(controller, admin);
  }

  private void awaitRegistered(ChildProcess controller, LocalDomain admin)
      throws CliException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String last = "no answer yet";
    try (ControllerClient client = ControllerClient.overSocket(controllerSocket(admin))) {
      while (Instant.now().isBefore(deadline)) {
        Optional<ChildProcess> dead = deadChild();
        if (dead.isPresent()) {
          throw new CliException(
              dead.get().name()
                  + " exited during start-up; last log lines ("
                  + dead.get().log()
                  + "):\n"
                  + dead.get().logTail(15));
        }
        try {
          Set<String> connected = new HashSet<>();
          for (NodeView n : client.nodes()) {
            if (n.state().equals("connected")) {
              connected.add(n.id());
            }
          }
          if (connected.size() >= nodes.size()) {
            return;
          }
          last = connected.size() + " of " + nodes.size() + " nodes registered: " + connected;
        } catch (ControllerClientException e) {
          last = e.getMessage();
        }
        Thread.sleep(200);
      }
    }
    throw new CliException(
        "the fabric nodes did not all register with the controller within "
            + START_TIMEOUT.toSeconds()
            + "s ("
            + last
            + "); see "
            + controller.log());
  }

  /** The first dead process, if any. */
  Optional<ChildProcess> deadChild() {
    return children.stream().filter(c -> !c.isAlive()).findFirst();
  }

  @Override
  public void close() {
    stopAll();
  }

  /** Stops the nodes, then the controller; returns how many were still running. */
  int stopAll() {
    int stopped = 0;
    for (int i = children.size() - 1; i >= 0; i--) {
      stopped += children.get(i).stop() ? 1 : 0;
    }
    return stopped;
  }

  /** The controller, the nodes, and commands that work as printed. */
  void printSummary(Map<TrustDomain, LocalDomain> domains, Path weft, PrintWriter out) {
    LocalDomain admin = domains.get(ADMIN);
    out.println(
        "weft: fabric controller "
            + controllerId()
            + ": nodes connect to "
            + controllerSouthbound()
            + ", API "
            + controllerApi()
            + ", admin socket "
            + controllerSocket(admin));
    out.println("weft: fabric nodes (each registered with the controller):");
    for (Node node : nodes) {
      out.printf(
          "  %-26s %-42s %s  admin %s%n", node.id(), node.spiffeId(), address(node), admin(node));
    }
    LocalDomain a = domains.get(CLUSTERS.get(0));
    LocalDomain b = domains.get(CLUSTERS.get(1));
    Node aliceNode = nodes.get(0);
    Node bobNode = nodes.get(NODES_PER_CLUSTER);
    String name = a.trustDomain() + "/chat/alice";
    out.println("weft: ask the controller (over its socket, or over mutual TLS as you in admin):");
    out.println("  " + weft + " fabric node list --controller-socket " + controllerSocket(admin));
    out.println(
        "  SPIFFE_ENDPOINT_SOCKET=unix://"
            + admin.workloadSocket()
            + " "
            + weft
            + " fabric route list --as "
            + admin.userId()
            + " --controller "
            + controllerApi());
    out.println(
        "weft: try the fabric (subscribe in "
            + a.trustDomain()
            + "; the controller installs the routes; then publish from "
            + b.trustDomain()
            + "):");
    out.println(
        "  SPIFFE_ENDPOINT_SOCKET=unix://"
            + a.workloadSocket()
            + " "
            + weft
            + " fabric sub --as "
            + a.userId()
            + " --node "
            + address(aliceNode)
            + " "
            + name
            + " --count 1");
    out.println(
        "  SPIFFE_ENDPOINT_SOCKET=unix://"
            + b.workloadSocket()
            + " "
            + weft
            + " fabric pub --as "
            + b.userId()
            + " --node "
            + address(bobNode)
            + " "
            + name
            + " 'hello from "
            + b.trustDomain()
            + "'");
    out.flush();
  }

  /**
   * Seed 003's Alice (on slim-0 of cluster-a) and Bob (on slim-0 of cluster-b), each with an entry
   * of its own ({@code spiffe://<cluster>/agents/<name>}); prints their conversation, the routes of
   * Alice's name, and last the summary line with what was counted.
   */
  AliceAndBob.Counts converse(
      Map<TrustDomain, LocalDomain> domains, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    Node aliceNode = nodes.get(0);
    Node bobNode = nodes.get(NODES_PER_CLUSTER);
    AliceAndBob conversation =
        new AliceAndBob(
            new AliceAndBob.Party(
                aliceId(),
                domains.get(aliceNode.td()),
                aliceNode.id(),
                aliceNode.spiffeId(),
                address(aliceNode)),
            new AliceAndBob.Party(
                bobId(),
                domains.get(bobNode.td()),
                bobNode.id(),
                bobNode.spiffeId(),
                address(bobNode)),
            out);
    AliceAndBob.Counts counts;
    try (ControllerClient client =
        ControllerClient.overSocket(controllerSocket(domains.get(ADMIN)))) {
      counts = conversation.run(client, err);
    }
    out.println(counts.summary());
    out.flush();
    return counts;
  }

  /** Seed 003's receiver, in the first cluster. */
  static SpiffeId aliceId() {
    return SpiffeId.of(CLUSTERS.get(0), "agents", "alice");
  }

  /** Seed 003's sender, in the second cluster. */
  static SpiffeId bobId() {
    return SpiffeId.of(CLUSTERS.get(1), "agents", "bob");
  }

  private Path writeController(LocalDomain admin) throws IOException {
    Path file = admin.home().resolve("fabric/controller.yaml");
    Files.createDirectories(file.getParent());
    StringBuilder domainLines = new StringBuilder();
    for (TrustDomain td : CLUSTERS) {
      domainLines.append("  ").append(td).append(": default\n");
    }
    Files.writeString(
        file,
        """
        # Fabric controller of the multicluster example, rewritten by every weft up (ports can change).
        controller:
          id: controller
        southbound:
          endpoint: 127.0.0.1:%d     # nodes open their control channel here (mutual TLS)
        northbound:
          endpoint: 127.0.0.1:%d     # the JSON API over mutual TLS
          socket: controller.sock
        identity:
          workload_api_socket: unix://%s
          spiffe_id: %s
        data_store:
          database_type: sqlite3
          connection_string: controller.sqlite3
        segments:
          default:
            topology: mesh
        domains:                     # a node's domain (SLIM's group name) -> its segment
        %s"""
            .formatted(
                ports.get("controller"),
                ports.get("controller.api"),
                admin.workloadSocket(),
                controllerId(),
                domainLines));
    return file;
  }

  private Path writeNode(LocalDomain domain, Node node) throws IOException {
    Path file = domain.home().resolve("fabric/" + node.key() + ".yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        # Fabric node %s, rewritten by every weft up (the ports can change).
        node:
          id: %s
          domain: %s                 # SLIM's group name: the cluster's trust domain
        local_endpoint: 127.0.0.1:%d
        external_endpoint: 127.0.0.1:%d
        admin_endpoint: 127.0.0.1:%d
        identity:
          workload_api_socket: unix://%s
          spiffe_id: %s
        controller:
          endpoint: %s
          peer: %s
        """
            .formatted(
                node.id(),
                node.id(),
                node.td(),
                ports.get(node.key()),
                ports.get(node.key()),
                ports.get(node.key() + ".admin"),
                domain.workloadSocket(),
                node.spiffeId(),
                controllerSouthbound(),
                controllerId()));
    return file;
  }

  /**
   * Ports from the last run while still free, else new ones; kept in {@code multicluster.ports}.
   */
  private void choosePorts() throws IOException {
    Path file = root.resolve("multicluster.ports");
    Properties saved = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newInputStream(file)) {
        saved.load(in);
      }
    }
    List<String> keys = new ArrayList<>(List.of("controller", "controller.api"));
    for (Node node : nodes) {
      keys.add(node.key());
      keys.add(node.key() + ".admin");
    }
    Properties now = new Properties();
    Set<Integer> taken = new HashSet<>();
    for (String key : keys) {
      int port = LocalAgents.port(saved.getProperty(key), taken);
      ports.put(key, port);
      now.setProperty(key, Integer.toString(port));
    }
    try (var out = Files.newOutputStream(file)) {
      now.store(out, "ports of the multicluster example, reused by the next weft up");
    }
  }
}
