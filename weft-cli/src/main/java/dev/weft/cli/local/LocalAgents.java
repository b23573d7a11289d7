package dev.weft.cli.local;

import dev.weft.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The agents of the local mesh: each registered in its trust domain (by SPIFFE ID, for the current
 * uid), configured with seed 000's policy and data, and run as its own process.
 */
final class LocalAgents implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String EXAMPLES = "/dev/weft/policy/examples/";

  private final Path root;
  private final Map<MeshAgent, Integer> ports = new LinkedHashMap<>();
  private final Map<MeshAgent, Integer> metricsPorts = new LinkedHashMap<>();
  private final List<ChildProcess> children = new ArrayList<>();

  LocalAgents(Path root) {
    this.root = root;
  }

  /** The port each agent serves on. */
  Map<MeshAgent, Integer> ports() {
    return ports;
  }

  /** The loopback plain-HTTP port of each agent's {@code /metrics} and {@code /healthz}. */
  Map<MeshAgent, Integer> metricsPorts() {
    return metricsPorts;
  }

  /** Registers, configures and starts every agent, and waits until each one accepts calls. */
  void start(Map<String, LocalDomain> domains)
      throws CliException, IOException, InterruptedException {
    Path policy = writePolicy();
    choosePorts();
    for (MeshAgent agent : MeshAgent.DEFAULT) {
      LocalDomain domain = domains.get(agent.trustDomain().name());
      domain.registerWorkload(agent.id(), "agent " + agent.name());
      domain.awaitWorkload(agent.id());
      Path config = domain.home().resolve("agents/" + agent.name() + ".yaml");
      Files.createDirectories(config.getParent());
      Files.writeString(config, config(agent, domain, policy));
      children.add(
          ChildProcess.start(
              "agent " + agent.name() + " (" + agent.trustDomain() + ")",
              List.of("agent", "run", "--config", config.toString()),
              domain.home().resolve("agents/" + agent.name() + ".log"),
              domain.home().resolve("agents/" + agent.name() + ".pid"),
              Map.of()));
    }
    int i = 0;
    for (MeshAgent agent : MeshAgent.DEFAULT) {
      awaitListening(children.get(i++), ports.get(agent));
    }
  }

  /** The first dead agent process, if any. */
  java.util.Optional<ChildProcess> deadChild() {
    return children.stream().filter(c -> !c.isAlive()).findFirst();
  }

  @Override
  public void close() {
    stopAll();
  }

  /** Stops every agent, last started first; returns how many were still running. */
  int stopAll() {
    int stopped = 0;
    for (int i = children.size() - 1; i >= 0; i--) {
      stopped += children.get(i).stop() ? 1 : 0;
    }
    return stopped;
  }

  private Path writePolicy() throws IOException {
    Path dir = root.resolve("policy");
    Files.createDirectories(dir);
    copy("federated-authz.rego", dir.resolve("federated-authz.rego"));
    copy("federation-data.json", dir.resolve("data.json"));
    return dir;
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = LocalAgents.class.getResourceAsStream(EXAMPLES + resource)) {
      if (in == null) {
        throw new IOException("missing resource " + EXAMPLES + resource);
      }
      Files.write(to, in.readAllBytes());
    }
  }

  /**
   * Ports from the last run when they are still free, else new free ones; remembered: the agent's
   * port under its name, its metrics port under {@code <name>.metrics}.
   */
  private void choosePorts() throws IOException {
    Path file = root.resolve("agents.ports");
    Properties saved = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newInputStream(file)) {
        saved.load(in);
      }
    }
    Properties now = new Properties();
    Set<Integer> taken = new HashSet<>();
    for (MeshAgent agent : MeshAgent.DEFAULT) {
      int port = port(saved.getProperty(agent.name()), taken);
      ports.put(agent, port);
      now.setProperty(agent.name(), Integer.toString(port));
      int metricsPort = port(saved.getProperty(agent.name() + ".metrics"), taken);
      metricsPorts.put(agent, metricsPort);
      now.setProperty(agent.name() + ".metrics", Integer.toString(metricsPort));
    }
    try (var out = Files.newOutputStream(file)) {
      now.store(out, "ports of the local mesh's agents, reused by the next weft up");
    }
  }

  /** {@code previous} when it is a port still free and not taken yet, else a new free one. */
  static int port(String previous, Set<Integer> taken) throws IOException {
    if (previous != null) {
      try {
        int port = Integer.parseInt(previous);
        if (port > 0 && port <= 65535 && !taken.contains(port) && free(port)) {
          taken.add(port);
          return port;
        }
      } catch (NumberFormatException ignored) {
        // a hand-edited file: choose a new port
      }
    }
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (taken.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    }
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  private String config(MeshAgent agent, LocalDomain domain, Path policy) {
    StringBuilder registry = new StringBuilder();
    agent
        .registry()
        .forEach(
            (registryName, agentName) -> {
              MeshAgent other =
                  MeshAgent.DEFAULT.stream()
                      .filter(a -> a.name().equals(agentName))
                      .findFirst()
                      .orElseThrow();
              registry
                  .append("  ")
                  .append(registryName)
                  .append(":\n")
                  .append("    spiffe_id: \"")
                  .append(other.id())
                  .append("\"\n")
                  .append("    address: \"")
                  .append(MeshAgent.address(ports.get(other)))
                  .append("\"\n");
            });
    String domains =
        String.join(
            ", ",
            MeshAgent.defaultTrustDomains().stream().map(td -> "\"" + td.name() + "\"").toList());
    return """
        # Written by weft up: the %s agent of the local multi-cloud mesh.
        identity:
          spiffe_id: "%s"
          workload_api_socket: "unix://%s"
          trust_domain: "%s"
          allowed_trust_domains: [%s]
        authorization:
          engine: "rego"
          default_policy: "deny_all"
          policy_paths: ["%s"]
          decision_path: "agentweave/authz/federated/allow"
          audit_log: "%s"
        server:
          host: "127.0.0.1"
          port: %d
          advertise_address: "%s"
          metrics_port: %d
        agent_registry:
        %s
        observability:
          logging:
            level: "INFO"
            format: "json"
            default_fields:
              cloud: "%s"
              region: "%s"
          metrics:
            enabled: true
            labels:
              cloud: "%s"
              region: "%s"
          tracing:
            enabled: true
            service_name: "%s-%s"
        metadata:
          name: "%s"
          description: "%s"
          cloud: "%s"
          region: "%s"
        agent:
          class: "%s"
        """
        .formatted(
            agent.name(),
            agent.id(),
            domain.workloadSocket(),
            agent.trustDomain(),
            domains,
            policy,
            domain.home().resolve("agents/" + agent.name() + "-audit.jsonl"),
            ports.get(agent),
            MeshAgent.address(ports.get(agent)),
            metricsPorts.get(agent),
            registry.toString().stripTrailing().replace("\n", "\n"),
            agent.cloud(),
            agent.region(),
            agent.cloud(),
            agent.region(),
            agent.cloud(),
            agent.name(),
            agent.name(),
            agent.description(),
            agent.cloud(),
            agent.region(),
            agent.agentClass());
  }

  static void awaitListening(ChildProcess child, int port)
      throws CliException, InterruptedException {
    awaitListening(child, port, START_TIMEOUT);
  }

  /** Waits until {@code child} listens on {@code port}, at most {@code timeout}. */
  static void awaitListening(ChildProcess child, int port, Duration timeout)
      throws CliException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!child.isAlive()) {
        throw new CliException(
            child.name()
                + " exited during start-up; last log lines ("
                + child.log()
                + "):\n"
                + child.logTail(15));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new CliException(
        child.name()
            + " did not listen on port "
            + port
            + " within "
            + timeout.toSeconds()
            + "s; see "
            + child.log());
  }
}
