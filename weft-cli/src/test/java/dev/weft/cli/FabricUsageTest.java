package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bad flags and arguments of {@code weft fabric ...}: exit 2 with what was wrong, nothing
 * contacted.
 */
class FabricUsageTest {

  @Test
  void aNameOfTwoComponentsIsAUsageError() {
    Cli.Result r = Cli.run("fabric", "pub", "--node", "127.0.0.1:1", "acme/chat", "hi");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "name: \"acme/chat\" (expected: org/namespace/service or"
                + " org/namespace/service/id)");
  }

  @Test
  void aNegativeCountIsAUsageError() {
    Cli.Result r =
        Cli.run("fabric", "sub", "--node", "127.0.0.1:1", "acme/chat/room", "--count", "-1");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--count: -1 (expected: >= 0)");
  }

  @Test
  void aNodeAddressWithoutPortIsAUsageError() {
    Cli.Result r = Cli.run("fabric", "pub", "--node", "localhost", "acme/chat/room", "hi");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--node: \"localhost\" (expected: host:port");
  }

  @Test
  void anUnknownOutputIsAUsageError() {
    Cli.Result r = Cli.run("fabric", "node", "list", "--admin", "127.0.0.1:1", "--output", "yaml");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--output: \"yaml\" (expected: table or json)");
  }

  @Test
  void aZeroTimeoutIsAUsageError() {
    Cli.Result r =
        Cli.run("fabric", "connection", "list", "--admin", "127.0.0.1:1", "--timeout", "0s");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--timeout: \"0s\" (expected: ");
  }

  @Test
  void anUnknownLogLevelIsAUsageErrorBeforeTheConfigIsRead() {
    Cli.Result r =
        Cli.run("fabric", "node", "run", "--config", "/nonexistent.yaml", "--log-level", "loud");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("--log-level: \"loud\" (expected: one of trace, debug, info, warn, error)");
  }

  @Test
  void anUnknownLogFormatIsAUsageError() {
    Cli.Result r =
        Cli.run("fabric", "node", "run", "--config", "/nonexistent.yaml", "--log-format", "xml");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--log-format: \"xml\" (expected: one of json, text)");
  }

  @Test
  void listWithoutAdminNamesTheMissingFlag() {
    Cli.Result r = Cli.run("fabric", "route", "list");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--admin");
  }

  @Test
  void aMissingConfigFileIsNamed() {
    Cli.Result r = Cli.run("fabric", "node", "run", "--config", "/nonexistent/node.yaml");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("/nonexistent/node.yaml");
  }
}
