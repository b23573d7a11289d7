package dev.weft.bench;

import dev.weft.bench.agent.AgentBenchmark;
import dev.weft.bench.controller.ControllerBenchmark;
import dev.weft.bench.fabric.FabricBenchmark;
import dev.weft.bench.fetch.FetchBenchmark;
import dev.weft.bench.handshake.HandshakeBenchmark;
import dev.weft.bench.issuance.IssuanceRun;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code scripts/bench}: {@code issuance}, {@code fetch}, {@code handshake}, {@code
 * policy}, {@code agent}, {@code fabric} or {@code controller}, followed by that benchmark's flags
 * (docs/benchmarks.md lists them).
 */
public final class Main {
  private static final String USAGE =
      "usage: bench issuance|fetch|handshake|policy|agent|fabric|controller [--flag value ...]"
          + " (see docs/benchmarks.md)";

  private Main() {}

  /** Runs one benchmark; exits 2 on a usage error, 1 if the benchmark fails. */
  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    int status = 0;
    try {
      Flags flags = Flags.parse(rest);
      switch (args[0]) {
        case "issuance" -> IssuanceRun.run(flags, System.out);
        case "fetch" -> FetchBenchmark.run(flags, System.out);
        case "handshake" -> HandshakeBenchmark.run(flags, System.out);
        case "policy" -> dev.weft.bench.policy.PolicyRun.run(flags, System.out);
        case "agent" -> AgentBenchmark.run(flags, System.out);
        case "fabric" -> FabricBenchmark.run(flags, System.out);
        case "controller" -> ControllerBenchmark.run(flags, System.out);
        default ->
            throw new IllegalArgumentException(
                "benchmark: \""
                    + args[0]
                    + "\" (expected: issuance, fetch, handshake, policy, agent, fabric or"
                    + " controller)");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(USAGE);
      status = 2;
    } catch (Exception e) {
      System.err.println("bench: " + args[0] + " failed: " + e);
      e.printStackTrace(System.err);
      status = 1;
    }
    System.out.flush();
    // Exit explicitly: gRPC and Netty threads of a failed run must not keep the JVM alive.
    System.exit(status);
  }
}
