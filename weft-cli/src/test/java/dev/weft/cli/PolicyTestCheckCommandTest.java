package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft policy test and check against real policies (needs the engine). */
class PolicyTestCheckCommandTest {

  private static final String POLICY =
      """
      package authz

      default allow := false

      allow if input.user in data.authz.admins
      """;

  private static final String TESTS =
      """
      package authz_test

      import data.authz

      test_alice_allowed if authz.allow with input as {"user": "alice"}

      test_mallory_denied if not authz.allow with input as {"user": "mallory"}
      """;

  @TempDir Path tmp;
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    dir = tmp.resolve("policy");
    Files.createDirectories(dir.resolve("authz"));
    Files.writeString(dir.resolve("authz/authz.rego"), POLICY);
    Files.writeString(dir.resolve("authz/authz_test.rego"), TESTS);
    Files.writeString(dir.resolve("authz/data.json"), "{\"admins\": [\"alice\"]}");
  }

  private static String withoutDurations(String out) {
    return out.replaceAll(" \\([0-9.]+(ns|µs|ms|s)\\)", " (D)");
  }

  @Test
  void aTestPastItsTimeoutIsAnError() throws IOException {
    Files.writeString(
        dir.resolve("authz/slow_test.rego"),
        """
        package slow_test

        test_slow if count([1 | some x in numbers.range(1, 3000); some y in numbers.range(1, 3000)]) > 0
        """);

    // 1ns passes before the first look at the clock, a thousand steps in.
    Cli.Result r = Cli.run("policy", "test", "--timeout", "1ns", "--run", "slow", dir.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(withoutDurations(r.out()))
        .contains(
            "data.slow_test.test_slow: ERROR (D)\n",
            "eval_cancel_error: policy evaluation exceeded its deadline of 1ns");
  }

  @Test
  void parameterizedTestsReportEachCase() throws IOException {
    Files.writeString(
        dir.resolve("authz/cases_test.rego"),
        """
        package cases_test

        import data.authz

        test_users[name] if {
          some name, want in {"alice": true, "mallory": false, "bob": true}
          authz.allow == want with input as {"user": name}
        }
        """);

    Cli.Result r = Cli.run("policy", "test", "--run", "test_users", dir.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(withoutDurations(r.out()))
        .isEqualTo(
            dir
                + "/authz/cases_test.rego:\n"
                + "data.cases_test.test_users: FAIL (D)\n"
                + "  bob: FAIL\n"
                + "-".repeat(80)
                + "\n"
                + "PASS: 2/3\n"
                + "FAIL: 1/3\n");
  }

  @Test
  void allPassing() {
    Cli.Result r = Cli.run("policy", "test", dir.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("PASS: 2/2\n");

    Cli.Result verbose = Cli.run("policy", "test", "-v", dir.toString());
    assertThat(verbose.status()).isZero();
    assertThat(withoutDurations(verbose.out()))
        .isEqualTo(
            dir
                + "/authz/authz_test.rego:\n"
                + "data.authz_test.test_alice_allowed: PASS (D)\n"
                + "data.authz_test.test_mallory_denied: PASS (D)\n"
                + "-".repeat(80)
                + "\nPASS: 2/2\n");
  }

  @Test
  void failuresAndSkipsExitWithTwo() throws IOException {
    Files.writeString(
        dir.resolve("authz/more_test.rego"),
        """
        package more_test

        import data.authz

        test_bob_allowed if authz.allow with input as {"user": "bob"}

        todo_test_carol if false
        """);

    Cli.Result r = Cli.run("policy", "test", dir.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(withoutDurations(r.out()))
        .isEqualTo(
            dir
                + "/authz/more_test.rego:\n"
                + "data.more_test.test_bob_allowed: FAIL (D)\n"
                + "data.more_test.todo_test_carol: SKIPPED\n"
                + "-".repeat(80)
                + "\nPASS: 2/4\nFAIL: 1/4\nSKIPPED: 1/4\n");

    assertThat(Cli.run("policy", "test", "--run", "carol|alice", dir.toString()).status())
        .isEqualTo(2);
    Cli.Result skippedOnly =
        Cli.run("policy", "test", "-z", "--run", "carol|alice", dir.toString());
    assertThat(skippedOnly.status()).isZero();
    assertThat(skippedOnly.out()).endsWith("PASS: 1/2\nSKIPPED: 1/2\n");
  }

  @Test
  void jsonFormat() throws Exception {
    Cli.Result r = Cli.run("policy", "test", "--format", "json", "--run", "alice", dir.toString());

    assertThat(r.status()).as(r.err()).isZero();
    JsonNode results = new ObjectMapper().readTree(r.out());
    assertThat(results).hasSize(1);
    JsonNode alice = results.get(0);
    assertThat(alice.get("package").asText()).isEqualTo("data.authz_test");
    assertThat(alice.get("name").asText()).isEqualTo("test_alice_allowed");
    assertThat(alice.get("location").get("file").asText())
        .isEqualTo(dir + "/authz/authz_test.rego");
    assertThat(alice.get("location").get("row").asInt()).isEqualTo(5);
    assertThat(alice.get("duration").asLong()).isPositive();
    assertThat(alice.has("fail")).isFalse();
  }

  @Test
  void compileErrorsStopTheRun() throws IOException {
    Files.writeString(dir.resolve("authz/broken.rego"), "package broken\n\np if {\n");

    Cli.Result r = Cli.run("policy", "test", dir.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith("1 error occurred: " + dir + "/authz/broken.rego:")
        .contains("rego_parse_error");
  }

  @Test
  void checkIsSilentOnSuccessAndListsErrors() throws IOException {
    Files.writeString(dir.resolve("authz/data.json"), "{ not even json");
    Cli.Result ok = Cli.run("policy", "check", dir.toString());
    assertThat(ok.status()).as(ok.err()).isZero();
    assertThat(ok.out()).isEmpty();
    assertThat(ok.err()).isEmpty();

    Files.writeString(dir.resolve("authz/broken.rego"), "package broken\n\np if {\n");
    Files.writeString(dir.resolve("authz/unsafe.rego"), "package unsafe\n\np if x == 1\n");
    Cli.Result bad = Cli.run("policy", "check", dir.toString());
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err())
        .startsWith("1 error occurred: " + dir + "/authz/broken.rego:")
        .contains("rego_parse_error");

    Files.delete(dir.resolve("authz/broken.rego"));
    Cli.Result unsafe = Cli.run("policy", "check", dir.toString());
    assertThat(unsafe.status()).isEqualTo(1);
    assertThat(unsafe.err())
        .isEqualTo(
            "1 error occurred: "
                + dir
                + "/authz/unsafe.rego:3:6: rego_unsafe_var_error: var x is unsafe\n"
                + "\thint: bind the variable in the body (with :=, =, some ... in, or a reference)"
                + " before it is used\n");
  }

  @Test
  void checkV0Compatible() throws IOException {
    Path old = tmp.resolve("old.rego");
    Files.writeString(old, "package old\n\nallow {\n  true\n}\n");

    assertThat(Cli.run("policy", "check", "--v0-compatible", old.toString()).status()).isZero();
    Cli.Result v1 = Cli.run("policy", "check", old.toString());
    assertThat(v1.status()).isEqualTo(1);
    assertThat(v1.err()).startsWith("1 error occurred: " + old + ":").contains("rego_parse_error");
  }
}
