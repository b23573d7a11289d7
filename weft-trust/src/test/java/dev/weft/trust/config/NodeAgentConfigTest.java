package dev.weft.trust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.config.ConfigException;
import dev.weft.config.LogLevel;
import dev.weft.identity.spiffeid.TrustDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAgentConfigTest {
  static final String BASE =
      """
      agent:
        trust_domain: example.org
        server_address: 127.0.0.1
        socket_path: /run/weft/api.sock
        data_dir: /var/lib/weft/agent
      """;
  static final String AGENT_KEYS =
      "data_dir, insecure_bootstrap, join_token, limits, log_level,"
          + " server_address, server_port, socket_path, trust_bundle_path, trust_domain";

  @TempDir Path dir;
  Path file;

  NodeAgentConfig load(String yaml) throws Exception {
    file = dir.resolve("agent.yaml");
    Files.writeString(file, yaml);
    return NodeAgentConfig.load(file);
  }

  void assertError(String yaml, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
    assertThat(e).hasMessage(file + message);
  }

  @Test
  void everyKey() throws Exception {
    NodeAgentConfig config =
        load(
            BASE
                + """
          server_port: 9443
          trust_bundle_path: /etc/weft/bootstrap.pem
          insecure_bootstrap: false
          join_token: 6f1c0d3e-secret
          log_level: warn
        """);

    assertThat(config)
        .isEqualTo(
            new NodeAgentConfig(
                TrustDomain.parse("example.org"),
                "127.0.0.1",
                9443,
                Path.of("/run/weft/api.sock"),
                Path.of("/var/lib/weft/agent"),
                Optional.of(Path.of("/etc/weft/bootstrap.pem")),
                false,
                Optional.of("6f1c0d3e-secret"),
                LogLevel.WARN,
                ListenerLimits.defaults()));
    assertThat(config.trustOnFirstUse()).isFalse();
  }

  @Test
  void defaultsAndTrustOnFirstUse() throws Exception {
    NodeAgentConfig config = load(BASE + "  insecure_bootstrap: true\n");

    assertThat(config.serverPort()).isEqualTo(8081);
    assertThat(config.trustBundlePath()).isEmpty();
    assertThat(config.joinToken()).isEmpty();
    assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(config.trustOnFirstUse()).isTrue();
    assertThat(config)
        .isEqualTo(
            NodeAgentConfig.builder()
                .trustDomain(TrustDomain.parse("example.org"))
                .serverAddress("127.0.0.1")
                .socketPath(Path.of("/run/weft/api.sock"))
                .dataDir(Path.of("/var/lib/weft/agent"))
                .insecureBootstrap(true)
                .build());
  }

  @Test
  void bundleWinsOverInsecureBootstrap() throws Exception {
    NodeAgentConfig config =
        load(BASE + "  insecure_bootstrap: true\n  trust_bundle_path: b.pem\n");

    assertThat(config.trustOnFirstUse()).isFalse();
  }

  @Test
  void relativePathsResolveAgainstTheFilesDirectory() throws Exception {
    NodeAgentConfig config =
        load(
            """
        agent:
          trust_domain: example.org
          server_address: trust.example.org
          socket_path: run/api.sock
          data_dir: ./agent
          trust_bundle_path: ../bootstrap.pem
        """);

    assertThat(config.socketPath()).isEqualTo(dir.resolve("run/api.sock"));
    assertThat(config.dataDir()).isEqualTo(dir.resolve("agent"));
    assertThat(config.trustBundlePath()).contains(dir.getParent().resolve("bootstrap.pem"));
  }

  @Test
  void joinTokenIsMaskedInToString() throws Exception {
    NodeAgentConfig config =
        load(BASE + "  insecure_bootstrap: true\n  join_token: 6f1c0d3e-secret\n");

    assertThat(config.toString()).doesNotContain("6f1c0d3e").contains("joinToken=***");
    assertThat(config.toBuilder().joinToken(null).build().toString()).contains("joinToken=none");
  }

  static Stream<Arguments> badFiles() {
    String tofu = "  insecure_bootstrap: true\n";
    String longSocket = "/run/" + "s".repeat(103);
    return Stream.of(
        error(
            "a list for the join token",
            BASE + tofu + "  join_token: [6f1c0d3e-secret]\n",
            ":7: agent.join_token: a list (expected: a join token)"),
        error(
            "an unknown key after the join token",
            BASE + "  join_token: 6f1c0d3e-secret\n  bogus: 1\n",
            ":7: agent.bogus: unknown key (expected: one of " + AGENT_KEYS + ")"),
        error(
            "a misspelt key",
            BASE + "  server_prot: 1\n",
            ":6: agent.server_prot: unknown key (expected: one of " + AGENT_KEYS + ")"),
        error(
            "a server's block",
            BASE + "plugins: {}\n",
            ":6: plugins: unknown key (expected: one of agent)"),
        error(
            "an empty file",
            "",
            ":1: agent: missing (expected: an agent block with trust_domain,"
                + " server_address, socket_path and data_dir)"),
        error(
            "no trust domain",
            "agent:\n  server_address: 127.0.0.1\n",
            ":1: agent.trust_domain: missing (expected: a trust domain such as example.org)"),
        error(
            "no server address",
            "agent:\n  trust_domain: example.org\n",
            ":1: agent.server_address: missing (expected: the trust server's address, such as 127.0.0.1)"),
        error(
            "no socket path",
            "agent:\n  trust_domain: example.org\n  server_address: 127.0.0.1\n",
            ":1: agent.socket_path: missing (expected: a path for the Workload API socket)"),
        error(
            "no data directory",
            "agent:\n  trust_domain: example.org\n  server_address: 127.0.0.1\n  socket_path: /a.sock\n",
            ":1: agent.data_dir: missing (expected: a directory for the agent's state)"),
        error(
            "neither a bundle nor insecure bootstrap",
            BASE,
            ":1: agent.trust_bundle_path: missing (expected: a PEM bundle that authenticates the trust"
                + " server, or insecure_bootstrap: true to trust it on first use)"),
        error(
            "a trust domain in upper case",
            BASE.replace("example.org", "EXAMPLE"),
            ":2: agent.trust_domain: \"EXAMPLE\" (expected: a trust domain such as example.org; trust"
                + " domain may contain only lowercase letters, digits, '.', '-' and '_')"),
        error(
            "a server address with a space",
            BASE.replace("127.0.0.1", "\"trust server\"") + tofu,
            ":3: agent.server_address: \"trust server\" (expected: an IP address or host name such as"
                + " 127.0.0.1)"),
        error(
            "server port 0",
            BASE + tofu + "  server_port: 0\n",
            ":7: agent.server_port: 0 (expected: an integer from 1 to 65535)"),
        error(
            "a server port over 65535",
            BASE + tofu + "  server_port: 65536\n",
            ":7: agent.server_port: 65536 (expected: an integer from 1 to 65535)"),
        error(
            "yes for a boolean",
            BASE + "  insecure_bootstrap: yes please\n",
            ":6: agent.insecure_bootstrap: \"yes please\" (expected: true or false)"),
        error(
            "an unknown log level",
            BASE + tofu + "  log_level: verbose\n",
            ":7: agent.log_level: \"verbose\" (expected: one of trace, debug, info, warn, error)"),
        error(
            "a socket path over 107 bytes",
            BASE.replace("/run/weft/api.sock", longSocket) + tofu,
            ":4: agent.socket_path: \""
                + longSocket
                + "\" (expected: a unix socket path of at most 107"
                + " bytes, not 108)"),
        error(
            "a blank join token, masked",
            BASE + tofu + "  join_token: \" \"\n",
            ":7: agent.join_token: \"***\" (expected: a join token, or no join_token key)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void isRejectedNamingFileLineKeyAndValue(String what, String yaml, String message) {
    assertError(yaml, message);
  }

  @Test
  void everyLogLevelByItsName() throws Exception {
    for (LogLevel level : LogLevel.values()) {
      assertThat(
              load(BASE + "  insecure_bootstrap: true\n  log_level: " + level.configName() + "\n")
                  .logLevel())
          .isEqualTo(level);
    }
  }

  private static Arguments error(String what, String yaml, String message) {
    return Arguments.of(what, yaml, message);
  }

  @Test
  void builderAppliesTheSameRulesWithoutAFile() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NodeAgentConfig.builder()
                    .trustDomain(TrustDomain.parse("example.org"))
                    .serverAddress("127.0.0.1")
                    .serverPort(0)
                    .dataDir(Path.of("/a"))
                    .build());

    assertThat(e)
        .hasMessage(
            "agent.server_port: 0 (expected: an integer from 1 to 65535);"
                + " agent.socket_path: missing (expected: a path for the Workload API socket);"
                + " agent.trust_bundle_path: missing (expected: a PEM bundle that authenticates the trust"
                + " server, or insecure_bootstrap: true to trust it on first use)");
  }
}
