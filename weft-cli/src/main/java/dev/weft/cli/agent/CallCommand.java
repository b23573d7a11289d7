package dev.weft.cli.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.AgentException;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.CallOptions;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.client.RetryPolicy;
import dev.weft.cli.CliException;
import dev.weft.cli.WorkloadEndpoints;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiException;
import dev.weft.policy.Authorizer;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft call}: call one capability of an agent, as the local Workload API's identity. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call a capability of an agent over SPIFFE mutual TLS.",
      "The caller's identity is an X.509-SVID from the local Workload API; the agent must",
      "present exactly --agent. The agent's policy decides; a refusal prints its reason.",
      "Exit status: 0 answered, 1 the call failed (the error code and message are printed)."
    })
public final class CallCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--agent", required = true, paramLabel = "SPIFFE_ID",
      description = "The SPIFFE ID the agent must present.")
  String agent;

  @Option(names = "--address", required = true, paramLabel = "URL",
      description = "The agent's address, https://host:port.")
  String address;

  @Option(names = "--capability", required = true, paramLabel = "NAME",
      description = "The capability to call.")
  String capability;

  @Option(names = "--params", defaultValue = "{}", paramLabel = "JSON",
      description = "The parameters, a JSON object (default: {}).")
  String params;

  @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
      description = "How long to wait, e.g. 500ms, 10s, 1m (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--as", paramLabel = "SPIFFE_ID",
      description = "Call as this SPIFFE ID. Required when the Workload API gives this process"
          + " several identities (as under weft up, where your uid also runs the agents): weft"
          + " call never picks one of them by chance.")
  String as;

  @Option(names = "--socket", paramLabel = "ADDRESS",
      description = "Workload API address, unix:///path or a path (default:"
          + " $SPIFFE_ENDPOINT_SOCKET, or the single .weft/<td>/public/api.sock).")
  String socket;

  @Option(names = "--output", defaultValue = "pretty", paramLabel = "FORMAT",
      description = "pretty (the result, indented) or json (one line: result or error).")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliException {
    SpiffeId target = spiffeId("--agent", agent);
    URI uri = address();
    JsonNode body = parameters();
    Duration wait = duration();
    boolean json = switch (output) {
      case "json" -> true;
      case "pretty" -> false;
      default -> throw new CliException("--output: \"" + output + "\" (expected: pretty or json)");
    };
    SvidSourceConfig.Builder config = SvidSourceConfig.builder()
        .startTimeout(Duration.ofSeconds(3))
        .svidSelector(as != null
            ? SvidSelector.byId(spiffeId("--as", as))
            : svids -> svids.size() == 1 ? java.util.Optional.of(svids.getFirst())
                : java.util.Optional.empty());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SvidSource source = SvidSource.start(WorkloadEndpoints.resolve(socket), config.build());
        MeshClient client = Agents.client(
            ClientConfig.builder(source, Authorizer.allowAll("weft call has no outbound policy"))
                .retry(RetryPolicy.none())
                .defaultTimeout(wait)
                .build())) {
      JsonNode result = client.call(target, uri, capability, body, CallOptions.defaults().timeout(wait));
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
      throw new CliException("Workload API: " + e.getMessage()
          + (as == null ? " (when it offers several identities, choose one with --as)" : ""), e);
    } catch (JsonProcessingException e) {
      throw new CliException("the result could not be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static SpiffeId spiffeId(String option, String value) throws CliException {
    try {
      return SpiffeId.parse(value);
    } catch (InvalidSpiffeIdException e) {
      throw new CliException(option + ": " + e.getMessage(), e);
    }
  }

  private URI address() throws CliException {
    try {
      URI uri = new URI(address);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new CliException("--address: \"" + address + "\" (expected: https://host:port)");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CliException("--address: \"" + address + "\" (expected: https://host:port)", e);
    }
  }

  private JsonNode parameters() throws CliException {
    try {
      JsonNode node = JSON.readTree(params);
      if (node == null || !node.isObject()) {
        throw new CliException("--params: " + params + " (expected: a JSON object)");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new CliException("--params: not JSON: " + e.getOriginalMessage()
          + " (expected: a JSON object)", e);
    }
  }

  private Duration duration() throws CliException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(timeout.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new CliException("--timeout: \"" + timeout + "\" (expected: a positive duration such"
          + " as 500ms, 10s or 1m)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
