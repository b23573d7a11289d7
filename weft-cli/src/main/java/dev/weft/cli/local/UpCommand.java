package dev.weft.cli.local;

import dev.weft.cli.CliException;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.TrustDomain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft up}: the local mesh, in the foreground until Ctrl-C or {@code weft down}. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local multi-cloud mesh and stay up until Ctrl-C or 'weft down'.",
      "By default: three trust domains (aws.company.com, gcp.company.com, azure.company.com),",
      "each a trust server, a node agent and a fabric node, federated in a full mesh (the",
      "fabric nodes linked, each domain's org routed to its node), with the current user",
      "registered as a workload; and three agents (orchestrator in AWS, search in GCP,",
      "processor in Azure) enforcing seed 000's federation policy. It then runs seed 001's",
      "chain AWS -> GCP -> Azure -> AWS and a call the policy denies. Prints one line per",
      "trust domain:",
      "  <trust-domain> SPIFFE_ENDPOINT_SOCKET=unix:///abs/path.sock",
      "then the fabric nodes and weft fabric sub/pub commands that work as printed.",
      "State lives under --dir and is reused."
    })
public final class UpCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      defaultValue = ".weft",
      paramLabel = "DIR",
      description = "State directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--trust-domain",
      paramLabel = "TD",
      description =
          "A trust domain of the local mesh (repeatable; default: the three of the"
              + " agent mesh). Several domains federate with each other in a full mesh. Agents run"
              + " only on the default domains.")
  List<String> trustDomains = new ArrayList<>();

  @Option(names = "--no-agents", description = "Start the trust domains only, without agents.")
  boolean noAgents;

  @Option(
      names = "--example",
      defaultValue = "agent-mesh",
      paramLabel = "NAME",
      description = {
        "agent-mesh (the default, described above) or multicluster: seed 003's fabric, the trust",
        "domains admin.example, cluster-a.example and cluster-b.example federated with each other,",
        "the fabric controller in admin and three nodes in each cluster registering with it; it",
        "prints the Workload API sockets, the controller's and nodes' addresses, and weft fabric",
        "commands that work as printed; then seed 003's Alice (cluster-a) and Bob (cluster-b) talk",
        "in an MLS session: 10 requests and replies, the routes of Alice's name, a summary line."
      })
  String example;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliException, IOException, InterruptedException {
    boolean multicluster =
        switch (example) {
          case "agent-mesh" -> false;
          case "multicluster" -> true;
          default ->
              throw new CliException(
                  "--example: \"" + example + "\" (expected: agent-mesh or multicluster)", null, 2);
        };
    if (multicluster && !trustDomains.isEmpty()) {
      throw new CliException(
          "--trust-domain: given with --example multicluster (expected: one of them; the example"
              + " has its own trust domains)",
          null,
          2);
    }
    List<TrustDomain> tds = new ArrayList<>();
    boolean withAgents = trustDomains.isEmpty() && !noAgents && !multicluster;
    List<String> names =
        multicluster
            ? LocalMulticluster.trustDomains().stream().map(TrustDomain::name).toList()
            : trustDomains.isEmpty()
                ? MeshAgent.defaultTrustDomains().stream().map(TrustDomain::name).toList()
                : trustDomains;
    for (String name : names) {
      try {
        TrustDomain td = TrustDomain.parse(name);
        if (tds.contains(td)) {
          throw new CliException("--trust-domain: " + td + " given twice");
        }
        tds.add(td);
      } catch (InvalidSpiffeIdException e) {
        throw new CliException("--trust-domain: " + e.getMessage(), e);
      }
    }
    Path root = dir.toAbsolutePath().normalize();
    RunFile run = RunFile.claim(root);
    List<LocalDomain> domains = new ArrayList<>();
    for (TrustDomain td : tds) {
      domains.add(new LocalDomain(root, td));
    }
    LocalAgents agents = new LocalAgents(root);
    LocalFabric fabric = new LocalFabric(root);
    LocalMulticluster controlled = new LocalMulticluster(root);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Teardown teardown =
        new Teardown(
            () -> {
              int stopped =
                  agents.stopAll()
                      + controlled.stopAll()
                      + fabric.stopAll()
                      + domains.stream().mapToInt(LocalDomain::stopAll).sum();
              run.release();
              return stopped;
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Ctrl-C or weft down: a requested stop ends with one line, whatever the children
                  // do.
                  if (teardown.run()) {
                    err.println(
                        "weft: stopped "
                            + teardown.stopped()
                            + " processes; state kept in "
                            + root);
                    err.flush();
                  }
                },
                "weft-up-shutdown"));
    try {
      for (LocalDomain domain : domains) {
        err.println(
            "weft: starting "
                + domain.trustDomain()
                + " (logs in "
                + root.resolve(domain.trustDomain().name())
                + ")");
        err.flush();
        domain.start();
      }
      LocalFederation.federate(domains);
      err.println(
          "weft: starting the fabric "
              + (multicluster ? "controller and nodes" : "nodes")
              + " (logs in "
              + root
              + "/<trust-domain>/fabric)");
      err.flush();
      if (multicluster) {
        controlled.start(byTrustDomain(domains));
      } else {
        fabric.start(domains);
      }
      if (withAgents) {
        err.println("weft: starting the agents (logs in " + root + "/<trust-domain>/agents)");
        err.flush();
        java.util.Map<String, LocalDomain> byName = new java.util.HashMap<>();
        domains.forEach(d -> byName.put(d.trustDomain().name(), d));
        agents.start(byName);
      }
    } catch (CliException | IOException | RuntimeException e) {
      if (!teardown.run()) {
        return quietStop(teardown); // stopped while starting: the hook reports it
      }
      throw e;
    }
    for (LocalDomain domain : domains) {
      out.println(
          domain.trustDomain() + " SPIFFE_ENDPOINT_SOCKET=unix://" + domain.workloadSocket());
    }
    out.flush();
    String home = System.getProperty("weft.home");
    Path weft = home == null ? Path.of("weft") : Path.of(home, "weft");
    if (withAgents) {
      LocalDomain aws = domains.getFirst();
      try {
        MeshDemo.run(aws, agents.ports(), out);
      } catch (CliException e) {
        if (teardown.started()) {
          return quietStop(teardown);
        }
        err.println("weft: " + e.getMessage());
      }
      MeshDemo.printExamples(aws, agents.ports(), agents.metricsPorts(), weft, out);
    }
    if (multicluster) {
      controlled.printSummary(byTrustDomain(domains), weft, out);
      controlled.converse(byTrustDomain(domains), out, err);
    } else {
      fabric.printSummary(domains, weft, out);
    }
    err.println("weft: up; stop with Ctrl-C or ./weft down");
    err.flush();
    while (!teardown.awaitDone(Duration.ofSeconds(1))) {
      Optional<ChildProcess> dead =
          agents.deadChild().or(fabric::deadChild).or(controlled::deadChild);
      for (LocalDomain domain : domains) {
        dead = dead.or(domain::deadChild);
      }
      // A child stopped by a requested teardown has not exited unexpectedly.
      if (dead.isPresent() && teardown.run()) {
        err.println(
            "weft: "
                + dead.get().name()
                + " exited unexpectedly; last log lines:\n"
                + dead.get().logTail(15));
        err.println("weft: stopped " + teardown.stopped() + " processes; state kept in " + root);
        err.flush();
        return 1;
      }
    }
    return 0;
  }

  private static java.util.Map<TrustDomain, LocalDomain> byTrustDomain(List<LocalDomain> domains) {
    java.util.Map<TrustDomain, LocalDomain> out = new java.util.LinkedHashMap<>();
    domains.forEach(d -> out.put(d.trustDomain(), d));
    return out;
  }

  private static int quietStop(Teardown teardown) throws InterruptedException {
    teardown.awaitDone(Duration.ofMinutes(1));
    return 0;
  }
}
