package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft policy eval against a real policy (needs the engine). */
class PolicyEvalCommandTest {

  private static final String POLICY =
      """
      package authz

      default allow := false

      allow if input.user in data.authz.admins

      greeting := sprintf("hello %s", [input.user])
      """;

  @TempDir Path tmp;
  private Path dir;
  private Path input;

  @BeforeEach
  void setUp() throws IOException {
    dir = tmp.resolve("policy");
    Files.createDirectories(dir.resolve("authz"));
    Files.writeString(dir.resolve("authz/authz.rego"), POLICY);
    Files.writeString(dir.resolve("authz/data.json"), "{\"admins\": [\"alice\", \"bob\"]}");
    input = tmp.resolve("input.json");
    Files.writeString(input, "{\"user\": \"alice\"}");
  }

  private Cli.Result eval(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "policy";
    all[1] = "eval";
    all[2] = "-d";
    all[3] = dir.toString();
    System.arraycopy(args, 0, all, 4, args.length);
    return Cli.run(all);
  }

  @Test
  void anEvaluationPastItsTimeoutIsAnError() {
    String slow = "count([1 | some x in numbers.range(1, 3000); some y in numbers.range(1, 3000)])";

    // 1ns passes before the first look at the clock, a thousand steps in.
    Cli.Result r = eval("--timeout", "1ns", "-f", "pretty", slow);

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("eval_cancel_error: policy evaluation exceeded its deadline of 1ns");
    assertThat(eval("--timeout", "0", "count(numbers.range(1, 5000))").out())
        .contains("\"value\": 5000");
  }

  @Test
  void jsonResultOfADecision() {
    Cli.Result r = eval("-i", input.toString(), "data.authz.allow");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            {
              "result": [
                {
                  "expressions": [
                    {
                      "value": true,
                      "text": "data.authz.allow",
                      "location": {
                        "row": 1,
                        "col": 1
                      }
                    }
                  ]
                }
              ]
            }
            """);
  }

  @Test
  void jsonResultWithBindings() {
    Cli.Result r = eval("x := data.authz.admins[_]");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            {
              "result": [
                {
                  "expressions": [
                    {
                      "value": true,
                      "text": "x := data.authz.admins[_]",
                      "location": {
                        "row": 1,
                        "col": 1
                      }
                    }
                  ],
                  "bindings": {
                    "x": "alice"
                  }
                },
                {
                  "expressions": [
                    {
                      "value": true,
                      "text": "x := data.authz.admins[_]",
                      "location": {
                        "row": 1,
                        "col": 1
                      }
                    }
                  ],
                  "bindings": {
                    "x": "bob"
                  }
                }
              ]
            }
            """);
  }

  @Test
  void undefinedIsAnEmptyObjectOrUndefined() {
    Cli.Result json = eval("data.authz.nothing");
    assertThat(json.status()).isZero();
    assertThat(json.out()).isEqualTo("{}\n");

    Cli.Result pretty = eval("-f", "pretty", "data.authz.nothing");
    assertThat(pretty.status()).isZero();
    assertThat(pretty.out()).isEqualTo("undefined\n");

    assertThat(eval("--fail", "data.authz.nothing").status()).isEqualTo(1);
    assertThat(eval("--fail", "data.authz.admins").status()).isZero();
    assertThat(eval("--fail-defined", "data.authz.admins").status()).isEqualTo(1);
  }

  @Test
  void prettyPrintsASingleValueAsIndentedJson() {
    Cli.Result r = eval("-f", "pretty", "-i", input.toString(), "data.authz");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            {
              "admins": [
                "alice",
                "bob"
              ],
              "allow": true,
              "greeting": "hello alice"
            }
            """);
  }

  @Test
  void prettyPrintsBindingsAsATable() {
    Cli.Result r = eval("-f", "pretty", "x := data.authz.admins[i]");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            ┌───┬─────────┐
            │ i │    x    │
            ├───┼─────────┤
            │ 0 │ "alice" │
            │ 1 │ "bob"   │
            └───┴─────────┘
            """);
  }

  @Test
  void yamlInputAndPrintToStderr() throws IOException {
    Path yaml = tmp.resolve("input.yaml");
    Files.writeString(yaml, "user: bob\n");

    Cli.Result r =
        eval("-f", "pretty", "-i", yaml.toString(), "print(input.user); data.authz.allow");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("true\n");
    assertThat(r.err()).isEqualTo("bob\n");
  }

  @Test
  void strictBuiltinErrorsFailTheQuery() {
    Cli.Result lenient = eval("x := 1 / 0");
    assertThat(lenient.status()).isZero();
    assertThat(lenient.out()).isEqualTo("{}\n");

    Cli.Result strict = eval("-f", "pretty", "--strict-builtin-errors", "x := 1 / 0");
    assertThat(strict.status()).isEqualTo(2);
    assertThat(strict.err()).startsWith("1 error occurred: ").contains("eval_builtin_error");
    assertThat(strict.out()).isEmpty();
  }

  @Test
  void compileErrorsAreReportedWithTheirLocation() throws IOException {
    Files.writeString(dir.resolve("authz/broken.rego"), "package broken\n\np if {\n");

    Cli.Result json = eval("data.authz.allow");
    assertThat(json.status()).isEqualTo(2);
    assertThat(json.out())
        .startsWith("{\n  \"errors\": [\n")
        .contains("\"file\": \"" + dir + "/authz/broken.rego\"", "\"code\": \"rego_parse_error\"");

    Cli.Result pretty = eval("-f", "pretty", "data.authz.allow");
    assertThat(pretty.status()).isEqualTo(2);
    assertThat(pretty.err()).contains(dir + "/authz/broken.rego:").contains("rego_parse_error");
  }

  @Test
  void v0CompatibleParsesOldSyntax() throws IOException {
    Path old = tmp.resolve("old");
    Files.createDirectories(old);
    Files.writeString(old.resolve("old.rego"), "package old\n\nallow {\n  true\n}\n");

    Cli.Result v0 =
        Cli.run(
            "policy",
            "eval",
            "--v0-compatible",
            "-f",
            "pretty",
            "-d",
            old.toString(),
            "data.old.allow");
    assertThat(v0.status()).as(v0.err()).isZero();
    assertThat(v0.out()).isEqualTo("true\n");

    Cli.Result v1 = Cli.run("policy", "eval", "-d", old.toString(), "data.old.allow");
    assertThat(v1.status()).isEqualTo(2);
    assertThat(v1.out()).contains("rego_parse_error");
  }
}
