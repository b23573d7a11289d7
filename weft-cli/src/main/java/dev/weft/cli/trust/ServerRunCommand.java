package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.cli.Foreground;
import dev.weft.cli.Logging;
import dev.weft.config.ConfigException;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.files.AtomicFiles;
import dev.weft.trust.server.TrustServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft trust server run}: runs a trust server until SIGTERM or Ctrl-C. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the trust server of one trust domain (CA, registration entries, node and admin APIs).",
      "Runs in the foreground until interrupted. The bound ports are written to",
      "<data_dir>/node-api.port and, with a bundle endpoint, <data_dir>/bundle-endpoint.port."
    })
public final class ServerRunCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "Server configuration (YAML).")
  Path config;

  @Option(
      names = "--parent-pid",
      hidden = true,
      paramLabel = "PID",
      description = "Exit when this process exits.")
  Long parentPid;

  @Override
  public Integer call() throws CliException, InterruptedException {
    ServerConfig serverConfig;
    try {
      serverConfig = ServerConfig.load(config);
    } catch (ConfigException e) {
      throw new CliException(e.getMessage(), e);
    }
    Logging.apply(serverConfig.logLevel());
    TrustServer server;
    try {
      server = TrustServer.start(serverConfig);
      // Each file whole (a reader polling for it never sees it empty or half written), and the
      // bundle endpoint's first: once node-api.port is there, so is everything it announces.
      if (server.bundleEndpointAddress().isPresent()) {
        writePort(
            serverConfig.dataDir().resolve("bundle-endpoint.port"),
            server.bundleEndpointAddress().get().getPort());
      }
      writePort(serverConfig.dataDir().resolve("node-api.port"), server.nodeApiAddress().getPort());
    } catch (IOException e) {
      throw new CliException(
          "trust server for " + serverConfig.trustDomain() + " cannot start: " + e.getMessage(), e);
    }
    Foreground.run(server, "trust server", parentPid);
    return 0;
  }

  private static void writePort(Path file, int port) throws IOException {
    AtomicFiles.write(
        file,
        Integer.toString(port).getBytes(StandardCharsets.US_ASCII),
        PosixFilePermissions.fromString("rw-r--r--"));
  }
}
