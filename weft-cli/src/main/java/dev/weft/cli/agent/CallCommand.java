package dev.weft.cli.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.agent.AgentException;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.CallOptions;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.client.RetryPolicy;
import dev.weft.cli.CliException;
import dev.weft.cli.WorkloadEndpoints;
import dev.weft.config.Durations;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiClient;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import dev.weft.policy.Authorizer;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft call}: call one capability of an agent, as the local Workload API's identity. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call a capability of an agent over SPIFFE mutual TLS, or over the fabric by name",
      "(--via-fabric NAME --node ADDR: an MLS session whose peer must prove --agent).",
      "The caller's identity is an X.509-SVID from the local Workload API; the agent must",
      "present exactly --agent. The agent's policy decides; a refusal prints its reason.",
      "Exit status: 0 answered, 1 the call failed (the error code and message are printed)."
    })
public final class CallCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads --params: a key written twice is an error, not last-wins. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** The longest --timeout accepted. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  /** Exit status for a bad flag. */
  static final int USAGE = 2;

  @Option(
      names = "--agent",
      required = true,
      paramLabel = "SPIFFE_ID",
      description = "The SPIFFE ID the agent must present.")
  String agent;

  @Option(
      names = "--address",
      paramLabel = "URL",
      description = "The agent's address, https://host:port (or --via-fabric).")
  String address;

  @Option(
      names = "--via-fabric",
      paramLabel = "NAME",
      description =
          "Call over the fabric instead: the fabric name the agent serves calls on"
              + " (org/namespace/service), in an MLS session whose peer must prove --agent. Needs"
              + " --node.")
  String viaFabric;

  @Option(
      names = "--node",
      paramLabel = "ADDR",
      description = "With --via-fabric: the fabric node to connect to, host:port.")
  String node;

  @Option(
      names = "--expect-node",
      paramLabel = "SPIFFE_ID",
      description = "With --via-fabric: accept only a node presenting exactly this SPIFFE ID.")
  String expectNode;

  @Option(
      names = "--capability",
      required = true,
      paramLabel = "NAME",
      description = "The capability to call.")
  String capability;

  @Option(
      names = "--params",
      defaultValue = "{}",
      paramLabel = "JSON",
      description = "The parameters, a JSON object (default: {}).")
  String params;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      paramLabel = "DURATION",
      description =
          "How long to wait, e.g. 500ms, 10s, 1m30s or PT1M; at most 1h"
              + " (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--as",
      paramLabel = "SPIFFE_ID",
      description =
          "Call as this SPIFFE ID. Required when the Workload API gives this process"
              + " several identities (as under weft up, where your uid also runs the agents): weft"
              + " call never picks one of them by chance.")
  String as;

  @Option(
      names = "--socket",
      paramLabel = "ADDRESS",
      description =
          "Workload API address, unix:///path or a path (default:"
              + " $SPIFFE_ENDPOINT_SOCKET, or the single .weft/<td>/public/api.sock).")
  String socket;

  @Option(
      names = "--output",
      defaultValue = "pretty",
      paramLabel = "FORMAT",
      description = "pretty (the result, indented) or json (one line: result or error).")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliException {
    SpiffeId target = spiffeId("--agent", agent);
    Route route = route();
    JsonNode body = parameters();
    Duration wait = duration();
    boolean json =
        switch (output) {
          case "json" -> true;
          case "pretty" -> false;
          default ->
              throw new CliException(
                  "--output: \"" + output + "\" (expected: pretty or json)", null, USAGE);
        };
    SpiffeId asId = as == null ? null : spiffeId("--as", as);
    WorkloadApiEndpoint endpoint = WorkloadEndpoints.resolve(socket);
    SpiffeId self = identity(endpoint, asId);
    SvidSourceConfig.Builder config =
        SvidSourceConfig.builder()
            .startTimeout(Duration.ofSeconds(10))
            .svidSelector(SvidSelector.byId(self));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SvidSource source = SvidSource.start(endpoint, config.build());
        ViaFabric fabric = route.fabric() == null ? null : route.fabric().connect(source, wait);
        MeshClient client = client(source, fabric, wait)) {
      JsonNode result =
          fabric == null
              ? client.call(
                  target, route.address(), capability, body, CallOptions.defaults().timeout(wait))
              : client.call(target, route.fabric().name(), capability, body, wait);
      if (json) {
        out.println(JSON.writeValueAsString(JSON.createObjectNode().set("result", result)));
      } else {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
      }
      out.flush();
      return 0;
    } catch (AgentException e) {
      if (json) {
        var error = JSON.createObjectNode();
        error.putObject("error").put("code", e.code().name()).put("message", e.getMessage());
        out.println(error.toString());
        out.flush();
      } else {
        err.println("weft call: " + e.code() + ": " + e.getMessage());
        err.flush();
      }
      return 1;
    } catch (WorkloadApiException e) {
      throw new CliException("Workload API at " + endpoint + ": " + e.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new CliException(
          "the result could not be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Where the call goes: an address, or a fabric name through a node (exactly one is set). */
  private record Route(URI address, ViaFabric.Target fabric) {}

  private Route route() throws CliException {
    if (address != null && viaFabric != null) {
      throw new CliException(
          "--address and --via-fabric: both given (expected: one of them)", null, USAGE);
    }
    if (viaFabric != null) {
      if (node == null) {
        throw new CliException(
            "--node: missing (expected: with --via-fabric, the fabric node's host:port)",
            null,
            USAGE);
      }
      SpiffeId expected = expectNode == null ? null : spiffeId("--expect-node", expectNode);
      return new Route(null, ViaFabric.target(viaFabric, node, expected, USAGE));
    }
    if (node != null || expectNode != null) {
      throw new CliException(
          (node != null ? "--node" : "--expect-node")
              + ": given without --via-fabric (expected: --via-fabric NAME with it)",
          null,
          USAGE);
    }
    if (address == null) {
      throw new CliException(
          "--address: missing (expected: --address https://host:port, or --via-fabric NAME"
              + " --node HOST:PORT)",
          null,
          USAGE);
    }
    return new Route(address(), null);
  }

  private static MeshClient client(SvidSource source, ViaFabric fabric, Duration wait) {
    ClientConfig.Builder b =
        ClientConfig.builder(source, Authorizer.allowAll("weft call has no outbound policy"))
            .retry(RetryPolicy.none())
            .defaultTimeout(wait);
    if (fabric != null) {
      b.fabric(fabric.sessions());
    }
    return Agents.client(b.build());
  }

  /**
   * The identity to call as: asks the Workload API once which X.509-SVIDs it offers, then takes
   * {@code --as} if it is one of them, or the only one when {@code --as} is absent. Never waits for
   * an identity that is not offered.
   */
  private static SpiffeId identity(WorkloadApiEndpoint endpoint, SpiffeId asId)
      throws CliException {
    List<SpiffeId> offered;
    try (WorkloadApiClient client = WorkloadApiClient.create(endpoint, Duration.ofSeconds(10))) {
      offered = client.fetchX509Context().svids().stream().map(X509Svid::id).toList();
    } catch (WorkloadApiException e) {
      throw new CliException("Workload API at " + endpoint + ": " + e.getMessage(), e);
    }
    return choose(offered, asId);
  }

  /** {@code asId} when offered; without it, the only identity offered. */
  static SpiffeId choose(List<SpiffeId> offered, SpiffeId asId) throws CliException {
    List<String> ids = offered.stream().map(SpiffeId::toString).sorted().toList();
    if (offered.isEmpty()) {
      throw new CliException(
          "Workload API: no X.509-SVID for this process (expected: an"
              + " identity registered for this process's selectors)");
    }
    if (asId != null) {
      if (!offered.contains(asId)) {
        throw new CliException(
            "--as: "
                + asId
                + " (expected: one of the identities the Workload"
                + " API offers: "
                + String.join(", ", ids)
                + ")",
            null,
            USAGE);
      }
      return asId;
    }
    if (offered.size() > 1) {
      throw new CliException(
          "--as: missing (expected: one of the "
              + offered.size()
              + " identities the Workload API offers: "
              + String.join(", ", ids)
              + ")",
          null,
          USAGE);
    }
    return offered.getFirst();
  }

  private static SpiffeId spiffeId(String option, String value) throws CliException {
    try {
      return SpiffeId.parse(value);
    } catch (InvalidSpiffeIdException e) {
      throw new CliException(
          option
              + ": \""
              + value
              + "\" (expected: a SPIFFE ID such as"
              + " spiffe://example.org/agent/search; "
              + e.getMessage()
              + ")",
          e,
          USAGE);
    }
  }

  private URI address() throws CliException {
    try {
      URI uri = new URI(address);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new CliException(
            "--address: \"" + address + "\" (expected: https://host:port)", null, USAGE);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CliException(
          "--address: \"" + address + "\" (expected: https://host:port)", e, USAGE);
    }
  }

  private JsonNode parameters() throws CliException {
    try {
      JsonNode node = STRICT.readTree(params);
      if (node == null || !node.isObject()) {
        throw new CliException("--params: " + params + " (expected: a JSON object)", null, USAGE);
      }
      return node;
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage();
      if (why != null && why.startsWith("Duplicate field")) {
        throw new CliException(
            "--params: "
                + why.replace("Duplicate field", "key")
                + " written twice (expected: a JSON object with each key once)",
            e,
            USAGE);
      }
      throw new CliException("--params: not JSON: " + why + " (expected: a JSON object)", e, USAGE);
    }
  }

  private Duration duration() throws CliException {
    return timeout(timeout);
  }

  /**
   * {@code --timeout}: weft-config's one duration grammar, more than 0 and at most {@link
   * #MAX_TIMEOUT}.
   *
   * @throws CliException (a usage error) naming the value and what is allowed
   */
  static Duration timeout(String value) throws CliException {
    Optional<Duration> d = Durations.parse(value.strip());
    if (d.isEmpty()
        || d.get().isNegative()
        || d.get().isZero()
        || d.get().compareTo(MAX_TIMEOUT) > 0) {
      throw new CliException(
          "--timeout: \""
              + value
              + "\" (expected: "
              + Durations.expectedPositive(MAX_TIMEOUT)
              + ")",
          null,
          USAGE);
    }
    return d.get();
  }
}
