package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.proto.trust.v1.AdminGrpc;
import dev.weft.trust.uds.UnixSocketChannels;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * How admin commands reach the trust server: {@code --socket}, else {@code WEFT_ADMIN_SOCKET}, else
 * the one admin socket under {@code ./.weft} that {@code weft up} created.
 */
public final class AdminOptions {
  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description =
          "Admin API socket of the trust server (default: $WEFT_ADMIN_SOCKET, or the"
              + " single .weft/<td>/server/admin.sock under the current directory).")
  Path socket;

  /** Opens a blocking admin client; close the returned connection when done. */
  public Connection connect() throws CliException {
    Path path = resolve();
    if (!Files.exists(path)) {
      throw new CliException(
          "admin socket "
              + path
              + " does not exist (is the trust server running? start it with"
              + " ./weft up or weft trust server run --config FILE)",
          null,
          CliException.UNREACHABLE);
    }
    ManagedChannel channel = UnixSocketChannels.open(path);
    return new Connection(
        channel, AdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS));
  }

  Path resolve() throws CliException {
    if (socket != null) {
      return socket.toAbsolutePath();
    }
    String env = System.getenv("WEFT_ADMIN_SOCKET");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    Path weft = Path.of(".weft").toAbsolutePath();
    List<Path> found;
    try (Stream<Path> dirs = Files.isDirectory(weft) ? Files.list(weft) : Stream.empty()) {
      found = dirs.map(d -> d.resolve("server/admin.sock")).filter(Files::exists).sorted().toList();
    } catch (IOException e) {
      throw new CliException("cannot list " + weft + ": " + e.getMessage(), e);
    }
    if (found.size() == 1) {
      return found.getFirst();
    }
    if (found.isEmpty()) {
      throw new CliException(
          "no trust server admin socket found (give --socket PATH or set WEFT_ADMIN_SOCKET, or"
              + " start the local mesh with ./weft up)");
    }
    throw new CliException(
        "several trust servers run under .weft: " + found + " (choose one with --socket PATH)");
  }

  /** An open admin connection. */
  public record Connection(ManagedChannel channel, AdminGrpc.AdminBlockingStub admin)
      implements AutoCloseable {
    @Override
    public void close() {
      channel.shutdownNow();
    }
  }
}
