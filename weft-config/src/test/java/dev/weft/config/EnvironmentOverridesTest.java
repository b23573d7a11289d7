package dev.weft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Variables applied to the file before it is read, and checked as the file's text would be. */
class EnvironmentOverridesTest {
  static final EnvironmentOverrides OVERRIDES =
      EnvironmentOverrides.builder("X_")
          .scalars(List.of("mode", "server.port", "server.tls.socket", "server.tls.path"))
          .lists(List.of("server.hosts"))
          .maps(List.of("labels"))
          .entries("peers", List.of("address"))
          .exclusive(List.of("server.tls.socket", "server.tls.path"))
          .fallback("SOCKET", "server.tls.path")
          .build();
  static final String[] TOP = {"mode", "server", "labels", "peers"};

  @TempDir Path dir;

  @Test
  void aVariableWinsOverTheFileAndIsReadLikeIt() throws Exception {
    Section top = read("server:\n  port: 1\n", Map.of("X_SERVER_PORT", "2", "HOME", "/root"));
    assertThat(top.section("server").orElseThrow().integer("port", 0, 9)).contains(2);
    Section bad = read("server:\n  port: 1\n", Map.of("X_SERVER_PORT", "20"));
    assertThatThrownBy(() -> bad.section("server").orElseThrow().integer("port", 0, 9))
        .hasMessage("X_SERVER_PORT: \"20\" (expected: an integer from 0 to 9)");
  }

  @Test
  void aVariableCreatesTheSectionsItNeeds() throws Exception {
    Section server = read("", Map.of("X_SERVER_PORT", "2")).section("server").orElseThrow();
    assertThat(server.integer("port", 0, 9)).contains(2);
    assertThat(server.missing("host", "a host"))
        .hasMessage(dir.resolve("c.yaml") + ":1: server.host: missing (expected: a host)");
  }

  @Test
  void aListTakesCommaSeparatedValues() throws Exception {
    Section server = read("", Map.of("X_SERVER_HOSTS", "a, b ,c")).section("server").orElseThrow();
    assertThat(server.list("hosts", "a list", "a host", h -> h)).contains(List.of("a", "b", "c"));
    Section empty =
        read("server:\n  hosts: [a]\n", Map.of("X_SERVER_HOSTS", ""))
            .section("server")
            .orElseThrow();
    assertThat(empty.list("hosts", "a list", "a host", h -> h)).contains(List.of());
    Section gap = read("", Map.of("X_SERVER_HOSTS", "a,,b")).section("server").orElseThrow();
    assertThatThrownBy(() -> gap.list("hosts", "a list", "a host", h -> h))
        .hasMessage("X_SERVER_HOSTS: \"\" (expected: a host)");
  }

  @Test
  void aMapEntryKeepsTheSpellingOfTheFile() throws Exception {
    Section top =
        read("labels:\n  Cloud: aws\n", Map.of("X_LABELS_CLOUD", "gcp", "X_LABELS_REGION", "eu"));
    assertThat(top.stringMap("labels"))
        .containsExactly(Map.entry("Cloud", "gcp"), Map.entry("region", "eu"));
  }

  @Test
  void anEntryNamedInTheFileCanBeOverridden() throws Exception {
    Section top = read("peers:\n  gcp:\n    address: a\n", Map.of("X_PEERS_GCP_ADDRESS", "b"));
    assertThat(
            top.section("peers")
                .orElseThrow()
                .section("gcp")
                .orElseThrow()
                .string("address", "an address"))
        .contains("b");
  }

  @Test
  void anUnknownVariableInASectionIsAnError() {
    assertThatThrownBy(() -> read("", Map.of("X_SERVER_PROT", "1")))
        .hasMessage(
            "X_SERVER_PROT: unknown setting (expected: one of X_SERVER_HOSTS,"
                + " X_SERVER_PORT, X_SERVER_TLS_PATH, X_SERVER_TLS_SOCKET)");
    assertThatThrownBy(() -> read("", Map.of("X_MODEL", "1")))
        .hasMessage("X_MODEL: unknown setting (expected: one of X_MODE)");
    assertThatThrownBy(() -> read("", Map.of("X_LABELS_", "1")))
        .hasMessage("X_LABELS_: unknown setting (expected: one of X_LABELS_<NAME>)");
    assertThatThrownBy(() -> read("", Map.of("X_PEERS_GCP_ADDRESS", "b")))
        .hasMessage(
            "X_PEERS_GCP_ADDRESS: unknown setting (expected: X_PEERS_<NAME>_<KEY> for"
                + " an peers entry named in the file, KEY one of ADDRESS)");
  }

  @Test
  void exclusiveKeysAndTheirFallback() throws Exception {
    String file = "server:\n  tls:\n    socket: /file.sock\n";
    Section tls =
        read(file, Map.of("X_SERVER_TLS_PATH", "/env.sock"))
            .section("server")
            .orElseThrow()
            .section("tls")
            .orElseThrow();
    assertThat(tls.names()).containsExactly("path");
    assertThat(
            read(file, Map.of("SOCKET", "/fallback.sock"))
                .section("server")
                .orElseThrow()
                .section("tls")
                .orElseThrow()
                .names())
        .containsExactly("socket");
    assertThat(
            read("", Map.of("SOCKET", "/fallback.sock"))
                .section("server")
                .orElseThrow()
                .section("tls")
                .orElseThrow()
                .string("path", "a path"))
        .contains("/fallback.sock");
    assertThatThrownBy(
            () -> read("", Map.of("X_SERVER_TLS_PATH", "/a", "X_SERVER_TLS_SOCKET", "/b")))
        .hasMessage(
            "X_SERVER_TLS_SOCKET: set together with X_SERVER_TLS_PATH (expected: only"
                + " one of them)");
  }

  @Test
  void aFileErrorUnderAVariableIsStillReported() throws Exception {
    Section top = read("server: 5\n", Map.of("X_SERVER_PORT", "1"));
    assertThatThrownBy(() -> top.section("server"))
        .hasMessage(dir.resolve("c.yaml") + ":1: server: 5 (expected: a mapping)");
  }

  @Test
  void variablesNameTheirKeys() {
    assertThat(OVERRIDES.variable("server.tls.path")).isEqualTo("X_SERVER_TLS_PATH");
    assertThat(OVERRIDES.scalars()).contains("server.port");
  }

  private Section read(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), yaml);
    return ConfigFile.read(file, OVERRIDES, env, TOP);
  }
}
