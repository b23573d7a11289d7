package dev.weft.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.agent.AgentException;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.CallOptions;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.client.RetryPolicy;
import dev.weft.cli.CliException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import dev.weft.policy.Authorizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code weft up} shows once the mesh runs: seed 001's chain AWS &rarr; GCP &rarr; Azure
 * &rarr; AWS, called as the current user of the AWS domain, each hop with its answer, latency and
 * trace id; and a call the policy refuses, with the reason.
 */
final class MeshDemo {

  private MeshDemo() {}

  static void run(LocalDomain aws, Map<MeshAgent, Integer> ports, PrintWriter out)
      throws CliException {
    MeshAgent orchestrator = MeshAgent.DEFAULT.get(0);
    MeshAgent search = MeshAgent.DEFAULT.get(1);
    SpiffeId user = aws.userId();
    SvidSourceConfig config =
        SvidSourceConfig.builder().svidSelector(SvidSelector.byId(user)).build();
    try (SvidSource source =
            SvidSource.start(WorkloadApiEndpoint.ofSocket(aws.workloadSocket()), config);
        MeshClient client =
            Agents.client(
                ClientConfig.builder(source, Authorizer.allowAll("the agents enforce the policy"))
                    .retry(RetryPolicy.none())
                    .defaultTimeout(Duration.ofSeconds(30))
                    .build())) {
      var params = JsonNodeFactory.instance.objectNode().put("message", "Hello from AWS");
      out.println("weft: seed 001 chain AWS -> GCP -> Azure -> AWS, called as " + user + ":");
      long cold = System.nanoTime();
      client.call(
          orchestrator.id(),
          MeshAgent.address(ports.get(orchestrator)),
          "cross_cloud_test",
          params,
          CallOptions.defaults());
      out.printf(
          "  first run (new TLS connections, cold JVMs): %.1f ms; the second run:%n",
          (System.nanoTime() - cold) / 1e6);
      long start = System.nanoTime();
      JsonNode answer =
          client.call(
              orchestrator.id(),
              MeshAgent.address(ports.get(orchestrator)),
              "cross_cloud_test",
              params,
              CallOptions.defaults());
      double total = (System.nanoTime() - start) / 1e6;
      int hop = 1;
      String latency = String.format("%.1f ms", total);
      for (JsonNode h = answer; h != null && h.has("cloud"); h = h.get("next")) {
        out.printf(
            "  hop %d  %-5s %-16s caller %-48s %9s  trace %s%n",
            hop++,
            h.path("cloud").asText(),
            h.path("capability").asText(),
            h.path("caller").asText(),
            latency,
            h.path("trace_id").asText());
        latency = h.has("next_latency_ms") ? h.path("next_latency_ms").asText() + " ms" : "";
      }
      out.println("  (latency: the call into that hop, as measured by its caller)");
      try {
        client.call(
            search.id(),
            MeshAgent.address(ports.get(search)),
            "search",
            params,
            CallOptions.defaults());
        out.println("weft: unexpected: " + user + " was allowed to call search on " + search.id());
      } catch (AgentException denied) {
        out.println(
            "weft: denied as the policy says: "
                + user
                + " -> "
                + search.id()
                + " search: "
                + denied.code()
                + ": "
                + denied.getMessage());
      }
      out.flush();
    } catch (AgentException e) {
      throw new CliException(
          "the cross-cloud chain failed: " + e.code() + ": " + e.getMessage(), e);
    } catch (WorkloadApiException e) {
      throw new CliException(
          "no SVID for " + user + " from " + aws.workloadSocket() + ": " + e.getMessage(), e);
    }
  }

  /** The agents (address, metrics URL) and example commands that work as printed. */
  static void printExamples(
      LocalDomain aws,
      Map<MeshAgent, Integer> ports,
      Map<MeshAgent, Integer> metricsPorts,
      Path weft,
      PrintWriter out) {
    out.println("weft: agents:");
    for (MeshAgent agent : MeshAgent.DEFAULT) {
      out.printf(
          "  %-13s %-45s %s  metrics http://127.0.0.1:%d/metrics%n",
          agent.name(), agent.id(), MeshAgent.address(ports.get(agent)), metricsPorts.get(agent));
    }
    MeshAgent orchestrator = MeshAgent.DEFAULT.get(0);
    out.println("weft: try (as " + aws.userId() + "):");
    out.println(
        "  SPIFFE_ENDPOINT_SOCKET=unix://"
            + aws.workloadSocket()
            + " "
            + weft
            + " call --as "
            + aws.userId()
            + " --agent "
            + orchestrator.id()
            + " --address "
            + MeshAgent.address(ports.get(orchestrator))
            + " --capability cross_cloud_test --params '{\"message\": \"hi\"}'");
    out.println(
        "  SPIFFE_ENDPOINT_SOCKET=unix://"
            + aws.workloadSocket()
            + " "
            + weft
            + " call --as "
            + aws.userId()
            + " --agent "
            + orchestrator.id()
            + " --address "
            + MeshAgent.address(ports.get(orchestrator))
            + " --capability ping");
    out.flush();
  }
}
