package dev.weft.bench.fabric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's {@code nats-server} on 127.0.0.1 with mutual TLS ({@code tls { verify: true }}): it
 * presents a throwaway SVID and requires a client certificate from the same root.
 */
final class NatsServer {
  private NatsServer() {}

  /**
   * Writes a configuration into {@code dir} (which must hold {@code nats.crt}, {@code nats.key} and
   * {@code nats-ca.crt}, see {@link Pki#writePem}) and starts {@code binary} with it.
   */
  static ServerProcess start(String binary, Path dir, int port)
      throws IOException, InterruptedException {
    String config =
        """
        # written by scripts/bench fabric; deleted after the run
        listen: "127.0.0.1:%d"
        max_payload: 1048576
        tls {
          cert_file: "%s"
          key_file: "%s"
          ca_file: "%s"
          verify: true
          timeout: 5
        }
        """
            .formatted(
                port, dir.resolve("nats.crt"), dir.resolve("nats.key"), dir.resolve("nats-ca.crt"));
    Path file = dir.resolve("nats.conf");
    Files.writeString(file, config);
    return ServerProcess.start(
        "nats-server",
        List.of(binary, "-c", file.toString()),
        dir.resolve("nats.log"),
        port,
        Duration.ofSeconds(10));
  }
}
