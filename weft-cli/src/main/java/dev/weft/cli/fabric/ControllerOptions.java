package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.cli.WorkloadEndpoints;
import dev.weft.controller.api.ControllerClient;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Which controller to ask: its JSON API over mutual TLS ({@code --controller}, with an SVID from
 * the Workload API) or its local admin socket ({@code --controller-socket}).
 */
final class ControllerOptions {
  @Option(
      names = "--controller",
      paramLabel = "ADDR",
      description =
          "The controller's JSON API, host:port (its northbound.endpoint), over mutual TLS.")
  String controller;

  @Option(
      names = "--controller-socket",
      paramLabel = "PATH",
      description = "The controller's local admin socket (its northbound.socket).")
  Path controllerSocket;

  @Option(
      names = "--expect-controller",
      paramLabel = "SPIFFE_ID",
      description =
          "With --controller: accept only a controller presenting exactly this SPIFFE ID (default:"
              + " any SVID that verifies against the Workload API's bundles).")
  String expectController;

  @Option(
      names = "--as",
      paramLabel = "SPIFFE_ID",
      description =
          "With --controller: call as this SPIFFE ID when the Workload API offers several.")
  String as;

  @Option(
      names = "--socket",
      paramLabel = "ADDRESS",
      description =
          "With --controller: the Workload API, unix:///path or a path (default:"
              + " $SPIFFE_ENDPOINT_SOCKET).")
  String socket;

  /** Whether a controller was named. */
  boolean present() {
    return controller != null || controllerSocket != null;
  }

  /** A display name of the controller for messages. */
  String display() {
    return controller != null
        ? "controller " + controller
        : "controller socket " + controllerSocket;
  }

  /** A client and the identity it holds; close both. */
  record Session(ControllerClient client, SvidSource identity) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      if (identity != null) {
        identity.close();
      }
    }
  }

  /**
   * Opens a client of the named controller.
   *
   * @throws CliException a usage error (exit 2) for bad or conflicting flags; exit 1 when the
   *     Workload API cannot be reached
   */
  Session open(Duration wait) throws CliException {
    if (controller != null && controllerSocket != null) {
      throw new CliException(
          "--controller and --controller-socket: both given (expected: one of them)",
          null,
          FabricCommand.USAGE);
    }
    if (controllerSocket != null) {
      return new Session(ControllerClient.overSocket(controllerSocket), null);
    }
    if (controller == null) {
      throw new CliException(
          "--controller: missing (expected: --controller HOST:PORT or --controller-socket PATH)",
          null,
          FabricCommand.USAGE);
    }
    InetSocketAddress address = address(controller);
    SpiffeId expected =
        expectController == null ? null : spiffeId("--expect-controller", expectController);
    SpiffeId asId = as == null ? null : spiffeId("--as", as);
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
    return new Session(ControllerClient.overTls(address, identity, expected), identity);
  }

  private static InetSocketAddress address(String text) throws CliException {
    int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65_535 || host.isEmpty()) {
        throw new NumberFormatException();
      }
      return InetSocketAddress.createUnresolved(host, port);
    } catch (NumberFormatException e) {
      throw new CliException(
          "--controller: \"" + text + "\" (expected: host:port, such as 127.0.0.1:7580)",
          e,
          FabricCommand.USAGE);
    }
  }

  private static SpiffeId spiffeId(String option, String value) throws CliException {
    try {
      return SpiffeId.parse(value);
    } catch (InvalidSpiffeIdException e) {
      throw new CliException(
          option + ": \"" + value + "\" (expected: a SPIFFE ID; " + e.getMessage() + ")",
          e,
          FabricCommand.USAGE);
    }
  }
}
