package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft policy eval|test|check: usage and bad input (no evaluation needed). */
class PolicyCommandsTest {

  @TempDir Path tmp;
  private Path dir;

  @BeforeEach
  void policy() throws IOException {
    dir = tmp.resolve("policy");
    Files.createDirectories(dir.resolve("authz"));
    Files.writeString(dir.resolve("authz/authz.rego"), "package authz\n\nallow := true\n");
  }

  @Test
  void helpListsTheCommandsAndTheirFlags() {
    Cli.Result top = Cli.run("--help");
    assertThat(top.out()).contains("policy");

    Cli.Result policy = Cli.run("policy", "--help");
    assertThat(policy.status()).isZero();
    assertThat(policy.out()).contains("eval", "test", "check");

    Cli.Result eval = Cli.run("policy", "eval", "--help");
    assertThat(eval.out())
        .contains(
            "-d, --data=PATH",
            "-i, --input=FILE",
            "-f, --format=FORMAT",
            "json, pretty",
            "--v0-compatible",
            "--strict-builtin-errors",
            "--fail",
            "--fail-defined",
            "QUERY");
    assertThat(Cli.run("policy", "test", "--help").out())
        .contains("-v, --verbose", "--run=REGEX", "pretty, json", "-z, --exit-zero-on-skipped");
    assertThat(Cli.run("policy", "check", "--help").out()).contains("--v0-compatible", "PATH");
  }

  @Test
  void evalRejectsConflictingFlags() {
    Cli.Result r = Cli.run("policy", "eval", "--fail", "--fail-defined", "data");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "weft: specify --fail or --fail-defined but not both (see 'weft policy eval --help')\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void evalNeedsAQuery() {
    Cli.Result r = Cli.run("policy", "eval", "-d", dir.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo("weft: Missing required parameter: 'QUERY' (see 'weft policy eval --help')\n");
  }

  @Test
  void evalReportsAnInputThatDoesNotParse() throws IOException {
    Path input = tmp.resolve("input.json");
    Files.writeString(input, "{\"user\": ");

    Cli.Result r = Cli.run("policy", "eval", "-d", dir.toString(), "-i", input.toString(), "data");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "weft: unable to parse input: "
                + input
                + ":1:10: invalid JSON: Unexpected end-of-input within/between Object entries\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void evalPrintsLoadErrorsInTheChosenFormat() {
    Path missing = tmp.resolve("missing.rego");

    Cli.Result json = Cli.run("policy", "eval", "-d", missing.toString(), "data");
    assertThat(json.status()).isEqualTo(2);
    assertThat(json.out())
        .isEqualTo(
            "{\n  \"errors\": [\n    {\n      \"message\": \""
                + missing
                + ": no such file or directory\"\n    }\n  ]\n}\n");
    assertThat(json.err()).isEmpty();

    Cli.Result pretty = Cli.run("policy", "eval", "-f", "pretty", "-d", missing.toString(), "data");
    assertThat(pretty.status()).isEqualTo(2);
    assertThat(pretty.err())
        .isEqualTo("1 error occurred: " + missing + ": no such file or directory\n");
    assertThat(pretty.out()).isEmpty();
  }

  @Test
  void evalReportsConflictingData() throws IOException {
    Files.writeString(dir.resolve("data.json"), "{\"authz\": {\"limit\": 1}}");
    Files.writeString(dir.resolve("authz/data.json"), "{\"limit\": 2}");

    Cli.Result r = Cli.run("policy", "eval", "-f", "pretty", "-d", dir.toString(), "data");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "1 error occurred: "
                + dir
                + "/data.json: data.authz.limit is already defined by "
                + dir
                + "/authz/data.json (expected: each data path defined by one file)\n");
  }

  @Test
  void testReportsLoadErrorsAndBadRegularExpressions() {
    Path missing = tmp.resolve("nowhere");
    Cli.Result load = Cli.run("policy", "test", missing.toString());
    assertThat(load.status()).isEqualTo(1);
    assertThat(load.err())
        .isEqualTo("1 error occurred: " + missing + ": no such file or directory\n");
    assertThat(load.out()).isEmpty();

    Cli.Result regex = Cli.run("policy", "test", "--run", "(", dir.toString());
    assertThat(regex.status()).isEqualTo(1);
    assertThat(regex.err())
        .isEqualTo("weft: --run: \"(\" (expected: a regular expression; Unclosed group)\n");

    Cli.Result none = Cli.run("policy", "test");
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo("weft: Missing required parameter: 'PATH' (see 'weft policy test --help')\n");
  }

  @Test
  void badTimeoutsAreOneLineUsageErrors() {
    for (String bad : new String[] {"99999999999", "-1s", "junk", "5d", "2562048h", ""}) {
      Cli.Result eval = Cli.run("policy", "eval", "--timeout", bad, "-d", dir.toString(), "1");
      assertThat(eval.status()).as(bad).isEqualTo(2);
      assertThat(eval.err())
          .isEqualTo("weft: --timeout: " + bad + " (expected: a duration such as 500ms, 2s)\n");
      assertThat(eval.out()).isEmpty();

      Cli.Result test = Cli.run("policy", "test", "--timeout", bad, dir.toString());
      assertThat(test.status()).as(bad).isEqualTo(2);
      assertThat(test.err())
          .isEqualTo("weft: --timeout: " + bad + " (expected: a duration such as 500ms, 2s)\n");
    }
  }

  @Test
  void checkReportsLoadErrors() throws IOException {
    Path missing = tmp.resolve("nope.rego");
    Cli.Result r = Cli.run("policy", "check", missing.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("1 error occurred: " + missing + ": no such file or directory\n");
    assertThat(r.out()).isEmpty();
  }
}
