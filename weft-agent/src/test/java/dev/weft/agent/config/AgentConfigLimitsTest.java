package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.server.ServerLimits;
import dev.weft.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code server.limits}, the size cap of the file, and keys that would be silently ignored. */
class AgentConfigLimitsTest extends AgentConfigTestBase {

  @Test
  void limitsDefaultToServerLimitsDefaults() throws Exception {
    assertThat(read("server:\n  port: 8443\n").server().limits())
        .isEqualTo(ServerLimits.defaults());
  }

  @Test
  void limitsAreReadWithSizesAndDurations() throws Exception {
    AgentConfig c =
        read(
            """
        server:
          limits:
            max_request_bytes: 8MiB
            max_header_bytes: 32KiB
            max_json_depth: 32
            max_json_string: 65536
            max_connections: 100
            max_concurrent_calls: 10
            handshake_timeout: 2s
            request_read_timeout: 3s
            idle_timeout: 1m
        """);

    assertThat(c.server().limits())
        .isEqualTo(
            new ServerLimits(
                8L << 20,
                32 << 10,
                32,
                65536,
                100,
                10,
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofMinutes(1)));
  }

  @Test
  void aLimitFromTheEnvironmentIsCheckedLikeTheFile() throws Exception {
    assertThat(
            read("server: {}\n", Map.of("WEFT_SERVER_LIMITS_MAX_REQUEST_BYTES", "1MiB"))
                .server()
                .limits()
                .maxBodyBytes())
        .isEqualTo(1L << 20);
    assertThat(error("server: {}\n", Map.of("WEFT_SERVER_LIMITS_MAX_REQUEST_BYTES", "lots")))
        .isEqualTo(
            "WEFT_SERVER_LIMITS_MAX_REQUEST_BYTES: \"lots\" (expected: a size in bytes or"
                + " with KiB, MiB or GiB, such as 4MiB, from 1 to 1GiB)");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "max_request_bytes| 4MB| \"4MB\"| a size in bytes or with KiB, MiB or GiB, such as 4MiB, from 1 to 1GiB",
        "max_request_bytes| 2GiB| \"2GiB\"| a size in bytes or with KiB, MiB or GiB, such as 4MiB, from 1 to 1GiB",
        "max_header_bytes| 512| 512| a size in bytes or with KiB, MiB or GiB, such as 4MiB, from 1KiB to 1MiB",
        "max_json_string| 0| 0| a size in bytes or with KiB, MiB or GiB, such as 4MiB, from 1 to 1GiB",
        "max_json_depth| 0| 0| an integer from 1 to 10000",
        "max_connections| 0| 0| an integer from 1 to 1000000",
        "idle_timeout| 0s| \"0s\"| a duration such as 24h, 30m, 90s, 1h30m, 500ms or PT1H, > 0",
      })
  void aBadLimitNamesTheKeyAndLine(String key, String value, String shown, String expected)
      throws Exception {
    assertThat(error("server:\n  limits:\n    " + key + ": " + value + "\n"))
        .isEqualTo(
            "agent.yaml:3: server.limits." + key + ": " + shown + " (expected: " + expected + ")");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"max_body", "max_headers", "max_conections"})
  void anUnknownLimitNamesTheKnownOnes(String key) throws Exception {
    assertThat(error("server:\n  limits:\n    " + key + ": 5\n"))
        .isEqualTo(
            "agent.yaml:3: server.limits."
                + key
                + ": unknown key (expected: one of"
                + " handshake_timeout, idle_timeout, max_concurrent_calls, max_connections,"
                + " max_header_bytes, max_json_depth, max_json_string, max_request_bytes,"
                + " request_read_timeout)");
  }

  @Test
  void mutualTlsCannotBeTurnedOffSilently() throws Exception {
    assertThat(error("server:\n  port: 8443\n  mtls:\n    enabled: false\n"))
        .isEqualTo(
            "agent.yaml:4: server.mtls.enabled: false (expected: true; an agent always"
                + " requires its callers' X.509-SVIDs (mutual TLS cannot be turned off))");
  }

  @Test
  void aDuplicateKeyInAJsonConfigIsAnError() throws Exception {
    assertThat(error("{\"server\": {\"port\": 1,\n \"port\": 2}}\n"))
        .isEqualTo(
            "agent.yaml:2: server.port: duplicate key (expected: each key once; the"
                + " first is on line 1)");
  }

  @Test
  void aFileOverTheSizeCapIsRefusedUnread() throws Exception {
    Path file = dir.resolve("huge.yaml");
    Files.writeString(
        file, "metadata:\n  pad: \"" + "x".repeat(AgentConfig.MAX_FILE_BYTES) + "\"\n");

    assertThat(errorOf(file))
        .isEqualTo(
            file
                + ": more than 1048576 bytes (expected: a"
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
