package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.cli.WorkloadEndpoints;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.client.FabricClient;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The flags of {@code sub} and {@code pub}: which node, and the identity from the Workload API. */
final class ClientOptions {
  @Option(
      names = "--node",
      required = true,
      paramLabel = "ADDR",
      description = "The fabric node, host:port (its local_endpoint).")
  String node;

  @Option(
      names = "--expect-node",
      paramLabel = "SPIFFE_ID",
      description =
          "Accept only a node presenting exactly this SPIFFE ID (default: any node whose"
              + " SVID verifies against the Workload API's bundles).")
  String expectNode;

  @Option(
      names = "--as",
      paramLabel = "SPIFFE_ID",
      description =
          "Connect as this SPIFFE ID when the Workload API offers several (default: the"
              + " first it offers).")
  String as;

  @Option(
      names = "--socket",
      paramLabel = "ADDRESS",
      description =
          "Workload API address, unix:///path or a path (default:"
              + " $SPIFFE_ENDPOINT_SOCKET, or the single .weft/<td>/public/api.sock).")
  String socket;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      paramLabel = "DURATION",
      description =
          "How long connecting and each answer from the node may take"
              + " (default: ${DEFAULT-VALUE}).")
  String timeout;

  /** The identity source and a client connected with it; close the client, then the source. */
  record Connected(SvidSource identity, FabricClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      identity.close();
    }
  }

  /**
   * Checks the flags, then takes the identity from the Workload API and connects.
   *
   * @throws CliException a usage error (exit 2) for a bad flag; exit 1 when the Workload API or the
   *     node cannot be reached, or the node refuses
   */
  Connected connect(Consumer<FabricException> onError) throws CliException {
    Duration wait = Args.duration("--timeout", timeout);
    SpiffeId expected = expectNode == null ? null : spiffeId("--expect-node", expectNode);
    SpiffeId asId = as == null ? null : spiffeId("--as", as);
    try {
      // Checks --node before the Workload API is asked for anything (the builder only parses it).
      FabricClient.builder(SwappableIdentitySource.empty()).node(node);
    } catch (IllegalArgumentException e) {
      throw new CliException("--" + e.getMessage(), e, FabricCommand.USAGE);
    }
    WorkloadApiEndpoint endpoint = WorkloadEndpoints.resolve(socket);
    SvidSource identity;
    try {
      identity =
          SvidSource.start(
              endpoint,
              SvidSourceConfig.builder()
                  .startTimeout(wait)
                  .svidSelector(asId == null ? SvidSelector.first() : SvidSelector.byId(asId))
                  .build());
    } catch (WorkloadApiException e) {
      throw new CliException("Workload API at " + endpoint + ": " + e.getMessage(), e);
    }
    try {
      FabricClient.Builder b =
          FabricClient.builder(identity)
              .node(node)
              .connectTimeout(wait)
              .sendTimeout(wait)
              .onError(onError);
      if (expected != null) {
        b.expectNode(expected);
      }
      return new Connected(identity, b.connect());
    } catch (FabricException e) {
      identity.close();
      throw new CliException("fabric node " + node + ": " + e.getMessage(), e);
    }
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
              + " spiffe://example.org/fabric/node-a; "
              + e.getMessage()
              + ")",
          e,
          FabricCommand.USAGE);
    }
  }
}
