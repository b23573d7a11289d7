package dev.weft.policy.load;

import static dev.weft.policy.load.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload with the real compiler (the reload logic itself is covered by WatchTest). */
class PolicyWatcherTest {

  @TempDir Path tmp;

  private static final String POLICY =
      """
      package authz

      default allow := false

      allow if input.user in data.authz.admins
      """;

  private static Optional<Value> allow(PolicySnapshot snapshot, String user) throws Exception {
    return snapshot
        .policy()
        .evaluate("data.authz.allow", Json.parse("{\"user\": \"" + user + "\"}"));
  }

  @Test
  void reloadsOnChangeAndKeepsTheLastGoodSnapshotOnError() throws Exception {
    Path dir = tmp.resolve("policy");
    write(dir, "authz/authz.rego", POLICY);
    write(dir, "authz/data.json", "{\"admins\": [\"alice\"]}");
    List<PolicySnapshot> reloaded = new ArrayList<>();

    try (PolicyWatcher watcher =
        PolicyWatcher.builder(List.of(dir))
            .interval(Duration.ofHours(1))
            .onReload(reloaded::add)
            .start()) {
      PolicySnapshot first = watcher.current();
      assertThat(watcher.get()).isSameAs(first);
      assertThat(first.revision()).matches("[0-9a-f]{16}");
      assertThat(allow(first, "alice")).contains(BooleanValue.TRUE);
      assertThat(allow(first, "bob")).contains(BooleanValue.FALSE);

      write(dir, "authz/data.json", "{\"admins\": [\"alice\", \"bob\"]}");
      assertThat(watcher.reloadNow()).isTrue();
      PolicySnapshot second = watcher.current();
      assertThat(second.revision()).isNotEqualTo(first.revision());
      assertThat(allow(second, "bob")).contains(BooleanValue.TRUE);
      assertThat(reloaded).containsExactly(second);

      write(dir, "authz/authz.rego", "package authz\n\nallow if {\n");
      assertThat(watcher.reloadNow()).isFalse();
      assertThat(watcher.current()).isSameAs(second);
      assertThat(watcher.lastError())
          .get()
          .extracting(Throwable::getMessage)
          .asString()
          .startsWith(dir + "/authz/authz.rego:")
          .contains("rego_parse_error");
      assertThat(reloaded).hasSize(1);
    }
  }

  @Test
  void pollsOnItsOwnThreadUntilClosed() throws Exception {
    Path dir = tmp.resolve("policy");
    write(dir, "authz.rego", POLICY);
    write(dir, "data.json", "{\"authz\": {\"admins\": []}}");

    PolicyWatcher watcher =
        PolicyWatcher.builder(List.of(dir)).interval(Duration.ofMillis(10)).start();
    try {
      assertThat(allow(watcher.current(), "carol")).contains(BooleanValue.FALSE);
      write(dir, "data.json", "{\"authz\": {\"admins\": [\"carol\"]}}");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> allow(watcher.current(), "carol").equals(Optional.of(BooleanValue.TRUE)));
    } finally {
      watcher.close();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("weft-policy-watcher")));
  }

  @Test
  void aBrokenPolicyAtStartFails() throws Exception {
    Path dir = tmp.resolve("policy");
    write(dir, "authz.rego", "package authz\n\nallow if {\n");

    assertThatThrownBy(() -> PolicyWatcher.builder(List.of(dir)).start())
        .hasMessageStartingWith(dir + "/authz.rego:")
        .hasMessageContaining("rego_parse_error");
  }

  @Test
  void configurationIsValidated() {
    assertThatThrownBy(() -> PolicyWatcher.builder(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("paths: [] (expected: at least one file or directory)");
    assertThatThrownBy(() -> PolicyWatcher.builder(List.of(tmp)).interval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval: PT0S (expected: > 0)");
    assertThatThrownBy(() -> PolicyWatcher.builder(List.of(tmp)).interval(Duration.ofSeconds(-1)))
        .hasMessage("interval: PT-1S (expected: > 0)");
  }

  @Test
  void aMissingPathAtStartFails() {
    Path missing = tmp.resolve("missing");
    assertThatThrownBy(() -> PolicyWatcher.builder(List.of(missing)).start())
        .hasMessage(missing + ": no such file or directory");
  }
}
