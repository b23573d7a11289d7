package dev.weft.cli.local;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One agent of the local multi-cloud mesh (seeds 000 and 001).
 *
 * @param name the agent's short name (orchestrator, search, processor)
 * @param cloud the cloud it stands for (aws, gcp, azure)
 * @param region the region it stands for
 * @param trustDomain its trust domain
 * @param agentClass the demo agent class it runs
 * @param registry the registry names it calls others by, to the agent names they stand for
 */
record MeshAgent(
    String name,
    String cloud,
    String region,
    TrustDomain trustDomain,
    String agentClass,
    Map<String, String> registry) {

  /**
   * The mesh {@code weft up} starts: an orchestrator in AWS, search in GCP, a processor in Azure.
   */
  static final List<MeshAgent> DEFAULT =
      List.of(
          new MeshAgent(
              "orchestrator",
              "aws",
              "us-east-1",
              TrustDomain.parse("aws.company.com"),
              "dev.weft.agent.demo.OrchestratorAgent",
              Map.of("gcp_search", "search")),
          new MeshAgent(
              "search",
              "gcp",
              "us-central1",
              TrustDomain.parse("gcp.company.com"),
              "dev.weft.agent.demo.SearchAgent",
              Map.of("azure_processor", "processor")),
          new MeshAgent(
              "processor",
              "azure",
              "eastus",
              TrustDomain.parse("azure.company.com"),
              "dev.weft.agent.demo.ProcessorAgent",
              Map.of("aws_orchestrator", "orchestrator")));

  /** The trust domains of the default mesh, in order. */
  static List<TrustDomain> defaultTrustDomains() {
    return DEFAULT.stream().map(MeshAgent::trustDomain).toList();
  }

  /** What the agent does, for its agent card ({@code metadata.description}). */
  String description() {
    return switch (name) {
      case "orchestrator" -> "Starts the cross-cloud chain and receives its last hop (AWS)";
      case "search" -> "Searches, then forwards to the Azure processor (GCP)";
      case "processor" -> "Processes search results and delivers them to AWS (Azure)";
      default -> "Weft demo agent " + name;
    };
  }

  /** {@code spiffe://<td>/agent/<name>}, the IDs seed 000's federation data lists. */
  SpiffeId id() {
    return SpiffeId.of(trustDomain, "agent", name);
  }

  static URI address(int port) {
    return URI.create("https://127.0.0.1:" + port);
  }
}
