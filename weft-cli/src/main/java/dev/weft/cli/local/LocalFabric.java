package dev.weft.cli.local;

import dev.weft.cli.CliException;
import dev.weft.fabric.admin.AdminClient;
import dev.weft.fabric.admin.NodeInfo;
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
 * The messaging fabric of the local mesh: one node per trust domain, each its own process with its
 * SVID ({@code spiffe://<td>/fabric/node}) from its domain's Workload API, linked to the nodes of
 * every other local domain, with a static route per other domain's org (org == trust domain) to
 * that domain's node.
 */
final class LocalFabric implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path root;
  private final Map<TrustDomain, Integer> ports = new LinkedHashMap<>();
  private final Map<TrustDomain, Integer> adminPorts = new LinkedHashMap<>();
  private final List<ChildProcess> children = new ArrayList<>();

  LocalFabric(Path root) {
    this.root = root;
  }

  /** The SPIFFE ID of the fabric node of {@code td}. */
  static SpiffeId nodeId(TrustDomain td) {
    return SpiffeId.of(td, "fabric", "node");
  }

  /** Where the node of {@code td} takes clients and links, {@code 127.0.0.1:port}. */
  String address(TrustDomain td) {
    return "127.0.0.1:" + ports.get(td);
  }

  /** The node's loopback admin endpoint, {@code 127.0.0.1:port}. */
  String admin(TrustDomain td) {
    return "127.0.0.1:" + adminPorts.get(td);
  }

  /**
   * Registers, configures and starts one node per domain, then waits until each one serves and is
   * linked to every other.
   */
  void start(List<LocalDomain> domains) throws CliException, IOException, InterruptedException {
    choosePorts(domains);
    for (LocalDomain domain : domains) {
      TrustDomain td = domain.trustDomain();
      // Like the agents' entries: the current uid, picked by SPIFFE ID. Every entry of the uid
      // shares the response, so the user's federates_with brings the other domains' bundles.
      domain.registerWorkload(nodeId(td), "fabric node");
      domain.awaitWorkload(nodeId(td));
      Map<TrustDomain, Integer> others = new LinkedHashMap<>(ports);
      others.remove(td);
      Path config =
          LocalConfigs.writeNode(
              domain.home(),
              td,
              nodeId(td),
              domain.workloadSocket(),
              ports.get(td),
              adminPorts.get(td),
              others);
      children.add(
          ChildProcess.start(
              "fabric node " + td,
              List.of("fabric", "node", "run", "--config", config.toString()),
              domain.home().resolve("fabric/node.log"),
              domain.home().resolve("fabric/node.pid"),
              Map.of()));
    }
    for (int i = 0; i < domains.size(); i++) {
      LocalAgents.awaitListening(children.get(i), ports.get(domains.get(i).trustDomain()));
      LocalAgents.awaitListening(children.get(i), adminPorts.get(domains.get(i).trustDomain()));
    }
    for (int i = 0; i < domains.size(); i++) {
      awaitLinks(children.get(i), domains.get(i).trustDomain(), domains.size() - 1);
    }
  }

  /** Waits until the node's {@code /v1/nodes} lists {@code links} other nodes. */
  private void awaitLinks(ChildProcess child, TrustDomain td, int links)
      throws CliException, InterruptedException {
    AdminClient admin = AdminClient.of(admin(td), Duration.ofSeconds(5));
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String last = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      if (!child.isAlive()) {
        throw new CliException(
            child.name()
                + " exited during start-up; last log lines ("
                + child.log()
                + "):\n"
                + child.logTail(15));
      }
      try {
        List<NodeInfo> nodes = admin.nodes();
        Set<String> linked = new HashSet<>();
        nodes.stream().skip(1).forEach(n -> linked.add(n.spiffeId()));
        if (linked.size() >= links) {
          return;
        }
        last = "linked to " + linked;
      } catch (IOException e) {
        last = e.getMessage();
      }
      Thread.sleep(200);
    }
    throw new CliException(
        child.name()
            + " was not linked to the "
            + links
            + " other nodes within "
            + START_TIMEOUT.toSeconds()
            + "s ("
            + last
            + "); see "
            + child.log());
  }

  /** The first dead node process, if any. */
  Optional<ChildProcess> deadChild() {
    return children.stream().filter(c -> !c.isAlive()).findFirst();
  }

  @Override
  public void close() {
    stopAll();
  }

  /** Stops every node, last started first; returns how many were still running. */
  int stopAll() {
    int stopped = 0;
    for (int i = children.size() - 1; i >= 0; i--) {
      stopped += children.get(i).stop() ? 1 : 0;
    }
    return stopped;
  }

  /**
   * The nodes (SPIFFE ID, address, admin endpoint), a node listing, and, as the current user, a
   * subscriber in the second domain and a publisher in the first that reaches it (with a single
   * domain, both on its node).
   */
  void printSummary(List<LocalDomain> domains, Path weft, PrintWriter out) {
    out.println("weft: fabric nodes:");
    for (LocalDomain domain : domains) {
      TrustDomain td = domain.trustDomain();
      out.printf("  %-18s %-42s %s  admin %s%n", td, nodeId(td), address(td), admin(td));
    }
    LocalDomain from = domains.getFirst();
    LocalDomain to = domains.size() > 1 ? domains.get(1) : from;
    String name = to.trustDomain() + "/chat/room";
    out.println(
        "weft: try the fabric (subscribe in "
            + to.trustDomain()
            + ", then publish from "
            + from.trustDomain()
            + "):");
    out.println("  " + weft + " fabric node list --admin " + admin(from.trustDomain()));
    out.println(
        "  SPIFFE_ENDPOINT_SOCKET=unix://"
            + to.workloadSocket()
            + " "
            + weft
            + " fabric sub --as "
            + to.userId()
            + " --node "
            + address(to.trustDomain())
            + " "
            + name
            + " --count 1");
    out.println(
        "  SPIFFE_ENDPOINT_SOCKET=unix://"
            + from.workloadSocket()
            + " "
            + weft
            + " fabric pub --as "
            + from.userId()
            + " --node "
            + address(from.trustDomain())
            + " "
            + name
            + " 'hello from "
            + from.trustDomain()
            + "'");
    out.flush();
  }

  /**
   * Ports from the last run when they are still free, else new free ones; remembered in {@code
   * fabric.ports}: the node's under its trust domain, the admin's under {@code <td>.admin}.
   */
  private void choosePorts(List<LocalDomain> domains) throws IOException {
    Path file = root.resolve("fabric.ports");
    Properties saved = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newInputStream(file)) {
        saved.load(in);
      }
    }
    Properties now = new Properties();
    Set<Integer> taken = new HashSet<>();
    for (LocalDomain domain : domains) {
      String td = domain.trustDomain().name();
      int port = LocalAgents.port(saved.getProperty(td), taken);
      ports.put(domain.trustDomain(), port);
      now.setProperty(td, Integer.toString(port));
      int adminPort = LocalAgents.port(saved.getProperty(td + ".admin"), taken);
      adminPorts.put(domain.trustDomain(), adminPort);
      now.setProperty(td + ".admin", Integer.toString(adminPort));
    }
    try (var out = Files.newOutputStream(file)) {
      now.store(out, "ports of the local mesh's fabric nodes, reused by the next weft up");
    }
  }
}
