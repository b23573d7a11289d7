package dev.weft.trust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.config.ConfigException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code limits} blocks of the server and agent files, and the bound on what a configuration
 * file may be: a value out of range names the key, the file and the line; a huge file is refused
 * before it is read whole.
 */
class LimitsConfigTest {
  @TempDir Path dir;

  @Test
  void serverLimitsAreReadWithTheirDefaults() throws Exception {
    ServerConfig config =
        ServerConfig.load(
            write(
                "server.yaml",
                """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
          limits:
            max_request_bytes: 64KiB
            max_header_bytes: 32768
            max_connections: 10
            handshake_timeout: 3s
            request_timeout: 2s
        """));
    assertThat(config.limits())
        .isEqualTo(
            ListenerLimits.defaults()
                .withMaxRequestBytes(65536)
                .withMaxHeaderBytes(32768)
                .withMaxConnections(10)
                .withHandshakeTimeout(Duration.ofSeconds(3))
                .withRequestTimeout(Duration.ofSeconds(2)));
    assertThat(
            ServerConfig.load(
                    write(
                        "plain.yaml",
                        """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
        """))
                .limits())
        .isEqualTo(
            new ListenerLimits(
                4 << 20,
                16 << 10,
                1024,
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                256,
                Duration.ofSeconds(10)));
  }

  @Test
  void aLimitOutOfRangeNamesTheKeyAndLine() throws Exception {
    Path file =
        write(
            "server.yaml",
            """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
          limits:
            max_connections: 0
        """);
    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file + ":5: server.limits.max_connections: 0 (expected: an integer from 1 to 100000)");
  }

  @Test
  void aZeroRequestTimeoutNamesTheKeyAndLine() throws Exception {
    Path file =
        write(
            "server.yaml",
            """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
          limits:
            request_timeout: 0s
        """);
    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":5: server.limits.request_timeout: \"0s\" (expected: a duration such as 24h,"
                + " 30m, 90s, 1h30m, 500ms or PT1H, > 0)");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "max_request_bytes| 4MB| \"4MB\"| from 1KiB to 64MiB",
        "max_request_bytes| 65MiB| \"65MiB\"| from 1KiB to 64MiB",
        "max_request_bytes| 1000| 1000| from 1KiB to 64MiB",
        "max_header_bytes| 2MiB| \"2MiB\"| from 1KiB to 1MiB",
        "max_header_bytes| 16 KB| \"16 KB\"| from 1KiB to 1MiB",
      })
  void aSizeOutOfRangeOrGrammarNamesTheKeyAndLine(
      String key, String value, String shown, String range) throws Exception {
    Path file =
        write(
            "server.yaml",
            """
        server:
          trust_domain: example.org
          data_dir: /srv/weft
          limits:
            %s: %s
        """
                .formatted(key, value));
    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":5: server.limits."
                + key
                + ": "
                + shown
                + " (expected: a size in bytes or"
                + " with KiB, MiB or GiB, such as 4MiB, "
                + range
                + ")");
  }

  @Test
  void aSizeOutOfRangeInCodeIsNamedTheSameWay() {
    assertThatThrownBy(() -> ListenerLimits.defaults().withMaxHeaderBytes(2 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "limits.max_header_bytes: 2MiB (expected: a size in bytes or with KiB, MiB or GiB,"
                + " such as 4MiB, from 1KiB to 1MiB)");
  }

  @Test
  void theAgentTakesOnlyTheSizeLimits() throws Exception {
    Path file =
        write(
            "agent.yaml",
            """
        agent:
          trust_domain: example.org
          server_address: 127.0.0.1
          socket_path: /run/weft/api.sock
          data_dir: /var/lib/weft/agent
          insecure_bootstrap: true
          limits:
            max_request_bytes: 8KiB
            max_connections: 5
        """);
    assertThatThrownBy(() -> NodeAgentConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":9: agent.limits.max_connections: unknown key (expected: one of max_header_bytes,"
                + " max_request_bytes)");
    Files.writeString(file, Files.readString(file).replace("    max_connections: 5\n", ""));
    assertThat(NodeAgentConfig.load(file).limits().maxRequestBytes()).isEqualTo(8192);
  }

  @Test
  void aConfigurationFileOverOneMebibyteIsRefusedUnread() throws Exception {
    Path file = dir.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("server:\n  trust_domain: example.org\n  ca_subject: \"".getBytes());
      byte[] filler = new byte[1 << 16];
      java.util.Arrays.fill(filler, (byte) 'x');
      for (int i = 0; i < 32; i++) {
        out.write(filler);
      }
      out.write("\"\n".getBytes());
    }
    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file + ": more than 1048576 bytes (expected: a configuration file of at most 1 MiB)");
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
