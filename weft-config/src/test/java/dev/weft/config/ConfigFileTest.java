package dev.weft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a file must be before any value is read, and the message when it is not. */
class ConfigFileTest {
  @TempDir Path dir;

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(
            "not valid YAML",
            "server:\n  port: 8443\n  host: [a, b\nmetadata: {}\n",
            "c.yaml:4: while parsing a flow sequence (expected: valid YAML)"),
        Arguments.of(
            "a duplicate key",
            "server:\n  port: 1\n  port: 2\n",
            "c.yaml:3: server.port: duplicate key (expected: each key once; the first is on"
                + " line 2)"),
        Arguments.of(
            "a duplicate key in JSON",
            "{\"server\": {\"port\": 1,\n \"port\": 2}}\n",
            "c.yaml:2: server.port: duplicate key (expected: each key once; the first is on"
                + " line 1)"),
        Arguments.of(
            "a duplicate key in a list item",
            "server:\n  hosts:\n    - {a: 1, a: 2}\n",
            "c.yaml:3: server.hosts[0].a: duplicate key (expected: each key once; the first is"
                + " on line 3)"),
        Arguments.of(
            "two documents",
            "a: 1\n---\nb: 2\n",
            "c.yaml:3: a second YAML document (expected: one document)"),
        Arguments.of(
            "a list at the top",
            "- server\n",
            "c.yaml:1: top level: a list (expected: a mapping with keys metadata, server)"),
        Arguments.of(
            "a scalar at the top",
            "server\n",
            "c.yaml:1: top level: \"server\" (expected: a mapping with keys metadata, server)"),
        Arguments.of(
            "an unknown top-level key",
            "metadata: {}\nservers:\n  port: 1\n",
            "c.yaml:2: servers: unknown key (expected: one of metadata, server)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void aBadFileNamesTheLine(String what, String yaml, String message) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), yaml);
    assertThatThrownBy(() -> ConfigFile.read(file, "server", "metadata"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir + "/" + message);
  }

  @Test
  void anEmptyFileIsAnEmptyMappingAtLineOne() throws Exception {
    Section top = ConfigFile.read(Files.writeString(dir.resolve("c.yaml"), ""), "server");
    assertThat(top.names()).isEmpty();
    assertThat(top.missing("server", "a server block"))
        .hasMessage(dir + "/c.yaml:1: server: missing (expected: a server block)");
  }

  @Test
  void aMissingFile() {
    Path file = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigFile.read(file, "server"))
        .hasMessage(file + ": no such file (expected: a YAML configuration file)");
  }

  @Test
  void aDirectory() {
    assertThatThrownBy(() -> ConfigFile.read(dir, "server"))
        .hasMessage(dir + ": is a directory (expected: a readable YAML file)");
  }

  @Test
  void aFileThatIsNotUtf8() throws Exception {
    Path file = Files.write(dir.resolve("c.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> ConfigFile.read(file, "a"))
        .hasMessage(file + ": not UTF-8 text (expected: a YAML file in UTF-8)");
  }

  @Test
  void aFileOverOneMebibyteIsRefusedUnread() throws Exception {
    Path file = dir.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("server:\n  pad: \"".getBytes());
      out.write("x".repeat(ConfigFile.MAX_BYTES).getBytes());
      out.write("\"\n".getBytes());
    }
    assertThatThrownBy(() -> ConfigFile.read(file, "server"))
        .hasMessage(
            file
                + ": more than 1048576 bytes (expected: a configuration file of at most"
                + " 1 MiB)");
  }

  @Test
  void aFileOfExactlyOneMebibyteIsRead() throws Exception {
    String head = "server:\n  pad: \"";
    String tail = "\"\n";
    Path file =
        Files.writeString(
            dir.resolve("c.yaml"),
            head + "x".repeat(ConfigFile.MAX_BYTES - head.length() - tail.length()) + tail);
    assertThat(Files.size(file)).isEqualTo(ConfigFile.MAX_BYTES);
    assertThat(ConfigFile.read(file, "server").section("server").orElseThrow().names())
        .containsExactly("pad");
  }

  @Test
  void relativePathsResolveAgainstTheFilesDirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "data: ./state/../data\n");
    assertThat(ConfigFile.read(file, "data").path("data", "a directory"))
        .contains(dir.resolve("data"));
  }
}
