package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.server.ServerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server.limits}, the size cap of the file, and keys that would be silently ignored. */
class AgentConfigLimitsTest extends AgentConfigTestBase {

  @Test
  void limitsDefaultToServerLimitsDefaults() throws Exception {
    assertThat(read("server:\n  port: 8443\n").server().limits())
        .isEqualTo(ServerLimits.defaults());
  }

  @Test
  void limitsAreReadWithSizesAndDurations() throws Exception {
    AgentConfig c = read("""
        server:
          limits:
            max_body: 8MiB
            max_headers: 32KiB
            max_json_depth: 32
            max_json_string: 65536
            max_connections: 100
            max_concurrent_calls: 10
            handshake_timeout: 2s
            request_read_timeout: 3s
            idle_timeout: 1m
        """);

    assertThat(c.server().limits()).isEqualTo(new ServerLimits(8L << 20, 32 << 10, 32, 65536,
        100, 10, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMinutes(1)));
  }

  @Test
  void aLimitFromTheEnvironmentIsCheckedLikeTheFile() throws Exception {
    assertThat(read("server: {}\n", Map.of("WEFT_SERVER_LIMITS_MAX_BODY", "1MiB"))
        .server().limits().maxBodyBytes()).isEqualTo(1L << 20);
    assertThat(error("server: {}\n", Map.of("WEFT_SERVER_LIMITS_MAX_BODY", "lots")))
        .isEqualTo("WEFT_SERVER_LIMITS_MAX_BODY: \"lots\" (expected: a size in bytes, or with"
            + " KiB, MiB or GiB, such as 4MiB, 1 to 1073741824 bytes)");
  }

  @Test
  void badLimitsNameTheKeyAndLine() throws Exception {
    assertThat(error("server:\n  limits:\n    max_body: 4MB\n"))
        .isEqualTo("agent.yaml:3: server.limits.max_body: \"4MB\" (expected: a size in bytes, or"
            + " with KiB, MiB or GiB, such as 4MiB, 1 to 1073741824 bytes)");
    assertThat(error("server:\n  limits:\n    max_connections: 0\n"))
        .isEqualTo("agent.yaml:3: server.limits.max_connections: 0 (expected: 1..1000000)");
    assertThat(error("server:\n  limits:\n    max_conections: 5\n"))
        .startsWith("agent.yaml:3: server.limits.max_conections: unknown key (expected one of:"
            + " handshake_timeout, idle_timeout, max_body,");
  }

  @Test
  void mutualTlsCannotBeTurnedOffSilently() throws Exception {
    assertThat(error("server:\n  port: 8443\n  mtls:\n    enabled: false\n"))
        .isEqualTo("agent.yaml:4: server.mtls.enabled: false (expected: true; an agent always"
            + " requires its callers' X.509-SVIDs (mutual TLS cannot be turned off))");
  }

  @Test
  void aDuplicateKeyInAJsonConfigIsAnError() throws Exception {
    assertThat(error("{\"server\": {\"port\": 1,\n \"port\": 2}}\n"))
        .isEqualTo("agent.yaml:2: server.port: duplicate key (expected: each key once; the"
            + " first is on line 1)");
  }

  @Test
  void aFileOverTheSizeCapIsRefusedUnread() throws Exception {
    Path file = dir.resolve("huge.yaml");
    Files.writeString(file, "metadata:\n  pad: \"" + "x".repeat(AgentConfig.MAX_FILE_BYTES)
        + "\"\n");

    assertThat(errorOf(file)).isEqualTo(file + ": larger than 1048576 bytes (expected: an agent"
        + " configuration file of at most 1 MiB)");
  }

  private static String errorOf(Path file) {
    try {
      AgentConfig.read(file, Map.of());
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error reading " + file);
  }
}
