package dev.weft.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.CallOptions;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.server.AgentServer;
import dev.weft.bench.Environment;
import dev.weft.bench.Flags;
import dev.weft.bench.Latencies;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Authorizer;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.RegoAuthorizer;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code scripts/bench agent}: one authorized capability call between two agents on loopback over
 * an established mutual-TLS connection, against a bare TLS 1.3 echo as the floor, in the same run.
 *
 * <p>The server is an {@link AgentServer} with an {@code echo} capability and a {@link
 * RegoAuthorizer} on seed 000's federation policy and data; the caller is a {@link MeshClient}
 * (HTTP/2, one pooled connection) asking the same policy before each call, or allowing everything
 * (both are measured). Both agents are in {@code aws.company.com}, which the policy allows.
 * Decisions go to no audit log. For each concurrency level, each path warms up and is then measured
 * for a fixed time: that many virtual threads issue calls back to back (a closed loop).
 */
public final class AgentBenchmark {
  static final String CAPABILITY = "echo";
  private static final String POLICY_DIR = "/dev/weft/policy/examples/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Helidon logs its start and stop at INFO through java.util.logging; kept strongly. */
  private static final Logger HELIDON_LOG = Logger.getLogger("io.helidon");

  private AgentBenchmark() {}

  /** What one path measured at one level: latencies, and the process's CPU time meanwhile. */
  record Result(Latencies latencies, long processCpuNanos) {}

  /** Runs the benchmark with {@code flags} and prints the figures to {@code out}. */
  public static void run(Flags flags, PrintStream out) throws Exception {
    int seconds = flags.integer("seconds", 10, 1);
    int warmupSeconds = flags.integer("warmup-seconds", 5, 0);
    List<Integer> levels = flags.integers("concurrency", List.of(1, 64));
    flags.rejectUnknown();
    HELIDON_LOG.setLevel(Level.WARNING);

    Environment.print(
        out,
        "agent: authorized capability call over established mTLS, loopback,"
            + " vs bare TLS 1.3 echo");
    Identities ids = new Identities();
    ObjectNode params =
        JSON.createObjectNode().put("text", "hello from the orchestrator").put("n", 42);
    byte[] request = request(params);
    byte[] answer = answer(params);
    out.printf(
        "# caller %s -> server %s, capability \"%s\", params %s%n",
        Identities.CALLER, Identities.SERVER, CAPABILITY, params);
    out.printf(
        "# JSON-RPC bodies: request %d bytes, answer %d bytes (the floor echoes the same"
            + " sizes)%n",
        request.length, answer.length);
    PolicySnapshot policy = seed000();
    try (RegoAuthorizer inbound = authorizer(policy);
        RegoAuthorizer outbound = authorizer(policy);
        AgentServer server =
            AgentServer.builder()
                .identity(ids.server)
                .authorizer(inbound)
                .host("127.0.0.1")
                .port(0)
                .name("echo-agent")
                .capability(CAPABILITY, "Answers its params", true, (p, ctx) -> p)
                .build()
                .start();
        MeshClient regoClient = Agents.client(ClientConfig.builder(ids.caller, outbound).build());
        MeshClient openClient =
            Agents.client(
                ClientConfig.builder(ids.caller, Authorizer.allowAll("benchmark")).build());
        TlsEcho echo = TlsEcho.start(ids.server, answer)) {
      check(inbound);
      URI address = URI.create("https://127.0.0.1:" + server.port() + "/");
      Map<Paths, MeshClient> clients = new EnumMap<>(Paths.class);
      clients.put(Paths.AGENT_REGO, regoClient);
      clients.put(Paths.AGENT_ALLOW_ALL, openClient);
      for (MeshClient client : clients.values()) {
        JsonNode result =
            client.call(Identities.SERVER, address, CAPABILITY, params, CallOptions.defaults());
        if (!result.equals(params)) {
          throw new IllegalStateException(
              "echo answered " + result + " (expected: " + params + ")");
        }
      }
      TlsEcho.Connection probe = echo.connect(ids.caller, Identities.SERVER, request);
      out.printf("# floor session: %s; one connection per caller%n", probe.session());
      Map<Integer, Map<Paths, Result>> all = new LinkedHashMap<>();
      for (int concurrency : levels) {
        Map<Paths, Result> results = new EnumMap<>(Paths.class);
        for (Paths path : Paths.values()) {
          out.printf(
              "# %-36s %2d caller(s): %d s warm-up + %d s measured...%n",
              path.label(), concurrency, warmupSeconds, seconds);
          List<ClosedLoop.Call> callers = new ArrayList<>();
          for (int i = 0; i < concurrency; i++) {
            if (path == Paths.FLOOR) {
              TlsEcho.Connection c = echo.connect(ids.caller, Identities.SERVER, request);
              callers.add(c::call);
            } else {
              MeshClient client = clients.get(path);
              callers.add(
                  () -> {
                    JsonNode r =
                        client.call(
                            Identities.SERVER, address, CAPABILITY, params, CallOptions.defaults());
                    if (r.path("n").asInt() != 42) {
                      throw new IllegalStateException("echo answered " + r);
                    }
                  });
            }
          }
          results.put(path, measure(callers, warmupSeconds, seconds));
        }
        Report.levelTable(out, concurrency, warmupSeconds, seconds, results);
        all.put(concurrency, results);
      }
      Report.targets(out, all);
    }
    Environment.printEnd(out);
  }

  private static Result measure(List<ClosedLoop.Call> callers, int warmupSeconds, int seconds)
      throws Exception {
    if (warmupSeconds > 0) {
      ClosedLoop.run(callers, warmupSeconds * 1_000_000_000L);
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    Latencies latencies = ClosedLoop.run(callers, seconds * 1_000_000_000L);
    return new Result(latencies, os.getProcessCpuTime() - cpu);
  }

  private static RegoAuthorizer authorizer(PolicySnapshot policy) {
    return RegoAuthorizer.create(
        () -> policy, DecisionPath.parse("agentweave/authz/federated/allow"), Clock.systemUTC());
  }

  /** Fails unless the policy allows the benchmark's call, so that no deny is ever measured. */
  private static void check(Authorizer authorizer) {
    var decision =
        authorizer.decide(
            AuthorizationRequest.builder(Identities.CALLER, Identities.SERVER, CAPABILITY)
                .method(CAPABILITY)
                .build());
    if (!decision.allowed()) {
      throw new IllegalStateException("seed 000 denies the benchmark's call: " + decision.reason());
    }
  }

  private static PolicySnapshot seed000() throws Exception {
    RegoPolicy policy =
        RegoPolicy.builder()
            .module("federated-authz.rego", resource("federated-authz.rego"))
            .data(Json.parse(resource("federation-data.json")))
            .build();
    return new PolicySnapshot(policy, "seed-000");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = AgentBenchmark.class.getResourceAsStream(POLICY_DIR + name)) {
      if (in == null) {
        throw new IOException("classpath resource " + POLICY_DIR + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A {@code message/send} body of the shape the agent client sends (AGENTS.md). */
  private static byte[] request(JsonNode params) throws IOException {
    ObjectNode body =
        JSON.createObjectNode()
            .put("jsonrpc", "2.0")
            .put("id", UUID.randomUUID().toString())
            .put("method", "message/send");
    body.putObject("params").set("message", message("user", params));
    return JSON.writeValueAsBytes(body);
  }

  /** A JSON-RPC answer of the shape the agent server sends (AGENTS.md). */
  private static byte[] answer(JsonNode params) throws IOException {
    ObjectNode body =
        JSON.createObjectNode().put("jsonrpc", "2.0").put("id", UUID.randomUUID().toString());
    body.set("result", message("agent", params));
    return JSON.writeValueAsBytes(body);
  }

  private static ObjectNode message(String role, JsonNode params) {
    ObjectNode message =
        JSON.createObjectNode()
            .put("kind", "message")
            .put("role", role)
            .put("messageId", UUID.randomUUID().toString());
    ObjectNode part = message.putArray("parts").addObject().put("kind", "data");
    part.set("data", params);
    message.putObject("metadata").put("weft.capability", CAPABILITY);
    return message;
  }
}
