package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad flags and configurations of {@code weft call} and {@code weft agent}: one line, exit 2. */
class AgentCommandsTest {

  @TempDir Path dir;

  private static Cli.Result call(String... extra) {
    String[] base = {
      "call",
      "--agent",
      "spiffe://example.org/agent/search",
      "--address",
      "https://127.0.0.1:1",
      "--capability",
      "search",
      "--socket",
      "unix:///nonexistent/api.sock"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.run(args);
  }

  @Test
  void aTimeoutTooLargeForAnyDurationIsOneLineAndExit2() {
    Cli.Result r = call("--timeout", "99999999999");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "weft: --timeout: \"99999999999\" (expected: a duration such as"
                + " 24h, 30m, 90s, 1h30m, 500ms or PT1H, > 0 and at most 1h)\n");
  }

  @Test
  void paramsWithAKeyWrittenTwiceAreRefused() {
    Cli.Result r = call("--params", "{\"q\": 1, \"q\": 2}");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "weft: --params: key 'q' written twice (expected: a JSON"
                + " object with each key once)\n");
  }

  @Test
  void otherBadFlagsAreOneLineAndExit2() {
    assertThat(call("--output", "xml"))
        .isEqualTo(new Cli.Result(2, "", "weft: --output: \"xml\" (expected: pretty or json)\n"));
    assertThat(call("--params", "[1]").err())
        .isEqualTo("weft: --params: [1] (expected: a JSON object)\n");
    Cli.Result agent =
        Cli.run("call", "--agent", "not-an-id", "--address", "https://h:1", "--capability", "x");
    assertThat(agent.status()).isEqualTo(2);
    assertThat(agent.err())
        .startsWith(
            "weft: --agent: \"not-an-id\" (expected: a SPIFFE ID such"
                + " as spiffe://example.org/agent/search; ")
        .endsWith(")\n");
    assertThat(agent.err().lines()).hasSize(1);
  }

  @Test
  void aConfigThatTurnsMutualTlsOffIsRefusedNamingFileAndLine() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "server:\n  mtls:\n    enabled: false\n");

    Cli.Result r = Cli.run("agent", "card", "--config", file.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "weft: "
                + file
                + ":3: server.mtls.enabled: false (expected:"
                + " true; an agent always requires its callers' X.509-SVIDs (mutual TLS cannot be"
                + " turned off))\n");
  }

  @Test
  void aCardWithoutADescriptionIsRefused() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, "agent:\n  class: dev.weft.agent.demo.SearchAgent\n");

    Cli.Result r = Cli.run("agent", "card", "--config", file.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "weft: "
                + file
                + ": metadata.description: missing (expected:"
                + " what this agent does, in a sentence; its A2A agent card shows it)\n");
  }

  @Test
  void theCardOfADescribedAgentIsPrinted() throws Exception {
    Path file = dir.resolve("agent.yaml");
    Files.writeString(
        file,
        "metadata: {name: s, description: \"Searches\"}\n"
            + "agent:\n  class: dev.weft.agent.demo.SearchAgent\n");

    Cli.Result r = Cli.run("agent", "card", "--config", file.toString());

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("\"description\" : \"Searches\"")
        .contains("\"description\" : \"Searches and forwards to Azure\"");
  }
}
