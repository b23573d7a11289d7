package dev.weft.cli.local;

import dev.weft.cli.CliException;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.TrustDomain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft up}: the local mesh, in the foreground until Ctrl-C or {@code weft down}. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local mesh and stay up until Ctrl-C or 'weft down'.",
      "For each trust domain: a trust server and a node agent, with the current user",
      "registered as a workload. Prints one line per trust domain:",
      "  <trust-domain> SPIFFE_ENDPOINT_SOCKET=unix:///abs/path.sock",
      "and stays up until Ctrl-C or 'weft down'. State lives under --dir and is reused."
    })
public final class UpCommand implements Callable<Integer> {
  @Option(names = "--dir", defaultValue = ".weft", paramLabel = "DIR", description = "State directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--trust-domain", paramLabel = "TD",
      description = "A trust domain of the local mesh (repeatable; default: weft.local). Several"
          + " domains federate with each other in a full mesh.")
  List<String> trustDomains = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliException, IOException, InterruptedException {
    List<TrustDomain> tds = new ArrayList<>();
    for (String name : trustDomains.isEmpty() ? List.of("weft.local") : trustDomains) {
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
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      domains.forEach(LocalDomain::close);
      run.release();
      stop.countDown();
    }, "weft-up-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      for (LocalDomain domain : domains) {
        err.println("weft: starting " + domain.trustDomain() + " (logs in " + root.resolve(domain.trustDomain().name()) + ")");
        err.flush();
        domain.start();
      }
      LocalFederation.federate(domains);
    } catch (CliException | IOException | RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      hook.run();
      throw e;
    }
    for (LocalDomain domain : domains) {
      out.println(domain.trustDomain() + " SPIFFE_ENDPOINT_SOCKET=unix://" + domain.workloadSocket());
    }
    out.flush();
    err.println("weft: up; stop with Ctrl-C or ./weft down");
    err.flush();
    while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      for (LocalDomain domain : domains) {
        var dead = domain.deadChild();
        if (dead.isPresent()) {
          err.println("weft: " + dead.get().name() + " exited unexpectedly; last log lines:\n" + dead.get().logTail(15));
          err.flush();
          Runtime.getRuntime().removeShutdownHook(hook);
          hook.run();
          return 1;
        }
      }
    }
    return 0;
  }
}
