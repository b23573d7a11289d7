package dev.weft.cli;

import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where a command finds the Workload API: --socket, else $SPIFFE_ENDPOINT_SOCKET, else ./.weft. */
public final class WorkloadEndpoints {

  private WorkloadEndpoints() {}

  /**
   * The endpoint for {@code socket} ({@code unix:///path} or a path), or from the environment, or
   * the single {@code .weft/<td>/public/api.sock} under the current directory.
   *
   * @throws CliException when none, or several, can be found
   */
  public static WorkloadApiEndpoint resolve(String socket) throws CliException {
    try {
      if (socket != null) {
        return socket.startsWith("unix:")
            ? WorkloadApiEndpoint.parse(socket)
            : WorkloadApiEndpoint.ofSocket(Path.of(socket).toAbsolutePath());
      }
      String env = System.getenv(WorkloadApiEndpoint.ENV_VARIABLE);
      if (env != null && !env.isBlank()) {
        return WorkloadApiEndpoint.parse(env);
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    Path weft = Path.of(".weft").toAbsolutePath();
    List<Path> found;
    try (Stream<Path> dirs = Files.isDirectory(weft) ? Files.list(weft) : Stream.empty()) {
      found = dirs.map(d -> d.resolve("public/api.sock")).filter(Files::exists).sorted().toList();
    } catch (IOException e) {
      throw new CliException("cannot list " + weft + ": " + e.getMessage(), e);
    }
    if (found.size() != 1) {
      throw new CliException(
          found.isEmpty()
              ? "no Workload API socket found (give --socket or set SPIFFE_ENDPOINT_SOCKET)"
              : "several Workload API sockets under .weft: "
                  + found
                  + " (choose one with --socket)");
    }
    return WorkloadApiEndpoint.ofSocket(found.getFirst());
  }
}
