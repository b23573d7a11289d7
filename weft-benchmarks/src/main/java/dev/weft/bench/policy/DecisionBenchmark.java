package dev.weft.bench.policy;

import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.PreparedQuery;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision of seed 000's federation policy: a federated caller with a listed action (the
 * policy's longest path: the same-domain rule fails, the federated rule holds). The input document
 * is built once, as a server would build it before asking; the decision is what is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {

  static final String CALLER = "spiffe://gcp.company.com/agent/search";
  static final String CALLEE = "spiffe://aws.company.com/agent/orchestrator";

  private PreparedQuery query;
  private EvalOptions options;
  private FederationRule handCoded;
  private Map<String, Object> javaInput;

  static String resource(String name) throws IOException {
    try (InputStream in =
        DecisionBenchmark.class.getResourceAsStream("/dev/weft/policy/examples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Compiles the policy and checks both versions decide alike before measuring. */
  @Setup
  public void setUp() throws Exception {
    RegoPolicy policy =
        RegoPolicy.builder()
            .module("federated-authz.rego", resource("federated-authz.rego"))
            .data(Json.parse(resource("federation-data.json")))
            .build();
    query = policy.prepare("data.agentweave.authz.federated.allow");
    Value input =
        Json.parse(
            """
        {"caller_spiffe_id": "%s", "callee_spiffe_id": "%s", "action": "search"}"""
                .formatted(CALLER, CALLEE));
    options = EvalOptions.of(input).withLimits(EvalLimits.DECISION);
    handCoded =
        new FederationRule(
            Set.of("aws.company.com", "gcp.company.com", "azure.company.com"),
            Map.of(
                "spiffe://aws.company.com/agent/orchestrator", List.of("search", "process"),
                "spiffe://gcp.company.com/agent/search", List.of("search"),
                "spiffe://azure.company.com/agent/processor", List.of("process")));
    javaInput = Map.of("caller_spiffe_id", CALLER, "callee_spiffe_id", CALLEE, "action", "search");
    if (!rego() || !handCoded()) {
      throw new IllegalStateException("the benchmark input must be allowed by both versions");
    }
  }

  /** The embedded Rego engine. */
  @Benchmark
  public boolean rego() throws Exception {
    return query.evaluateFirst(options).orElse(BooleanValue.FALSE) == BooleanValue.TRUE;
  }

  /** The same rule in Java. */
  @Benchmark
  public boolean handCoded() {
    return handCoded.allow(javaInput);
  }
}
