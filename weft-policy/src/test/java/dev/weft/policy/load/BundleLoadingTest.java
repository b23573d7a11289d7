package dev.weft.policy.load;

import static dev.weft.policy.load.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.rego.value.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundle directories: a .manifest with revision and roots. */
class BundleLoadingTest {

  @TempDir Path tmp;

  @Test
  void bundleLoadsOnlyDataFilesAndKeepsTheManifestRevision() throws Exception {
    Path bundle = tmp.resolve("bundle");
    write(bundle, ".manifest", "{\"revision\": \"2026-11-02T10:00Z\", \"roots\": [\"authz\"]}");
    write(bundle, "authz/policy.rego", "package authz\n");
    write(bundle, "authz/data.json", "{\"admins\": [\"alice\"]}");
    write(bundle, "authz/teams/data.yml", "red: [bob]\n");
    write(bundle, "authz/extra.json", "{\"ignored\": true}");
    write(bundle, ".signatures.json", "{\"signatures\": []}");

    LoadedPolicy loaded = PolicyLoader.load(bundle);

    assertThat(loaded.revision()).isEqualTo("2026-11-02T10:00Z");
    assertThat(loaded.modules())
        .containsExactly(new ModuleSource(bundle + "/authz/policy.rego", "package authz\n"));
    assertThat(loaded.data())
        .isEqualTo(
            Json.parse("{\"authz\": {\"admins\": [\"alice\"], \"teams\": {\"red\": [\"bob\"]}}}"));
  }

  @Test
  void manifestWithoutRevisionOrRootsPermitsEverythingAndHashes() throws Exception {
    Path bundle = tmp.resolve("bundle");
    write(bundle, ".manifest", "{}");
    write(bundle, "data.json", "{\"a\": 1}");
    write(bundle, "x/y/data.json", "{\"b\": 2}");

    LoadedPolicy loaded = PolicyLoader.load(bundle);

    assertThat(loaded.revision()).matches("[0-9a-f]{16}");
    assertThat(loaded.data()).isEqualTo(Json.parse("{\"a\": 1, \"x\": {\"y\": {\"b\": 2}}}"));
  }

  @Test
  void aBundleAmongOtherPathsGetsAContentRevision() throws Exception {
    Path bundle = tmp.resolve("bundle");
    write(bundle, ".manifest", "{\"revision\": \"r1\", \"roots\": [\"a\"]}");
    Path other = write(tmp, "other.json", "{\"b\": 1}");

    assertThat(PolicyLoader.load(bundle, other).revision()).matches("[0-9a-f]{16}");
  }

  @Test
  void dataOutsideTheRootsIsRejected() {
    Path bundle = tmp.resolve("bundle");
    write(bundle, ".manifest", "{\"revision\": \"r\", \"roots\": [\"a\", \"c/d\"]}");
    write(bundle, "data.json", "{\"a\": 1, \"c\": {\"d\": {\"x\": 1}}}");
    write(bundle, "c/e/data.json", "\"bad\"");

    assertThatThrownBy(() -> PolicyLoader.load(bundle))
        .hasMessage(
            bundle
                + "/c/e/data.json: the roots [a, c/d] of "
                + bundle
                + "/.manifest do not permit data at data.c.e"
                + " (expected: data under a root; check the bundle's directory structure)");
  }

  @Test
  void rootLevelDataMayOnlyLeadTowardsRoots() {
    Path bundle = tmp.resolve("bundle");
    write(bundle, ".manifest", "{\"roots\": [\"a/b\"]}");
    write(bundle, "data.json", "{\"a\": {\"b\": 1, \"c\": 2}}");

    assertThatThrownBy(() -> PolicyLoader.load(bundle))
        .hasMessage(
            bundle
                + "/data.json: the roots [a/b] of "
                + bundle
                + "/.manifest do not permit data at data.a.c"
                + " (expected: data under a root; check the bundle's directory structure)");
  }

  @Test
  void invalidManifestsAreRejected() {
    Path bundle = tmp.resolve("bundle");
    Path manifest = write(bundle, ".manifest", "{\"roots\": \"a\"}");
    assertThatThrownBy(() -> PolicyLoader.load(bundle))
        .hasMessage(manifest + ": roots: \"a\" (expected: an array of strings)");

    write(bundle, ".manifest", "{\"revision\": 7}");
    assertThatThrownBy(() -> PolicyLoader.load(bundle))
        .hasMessage(manifest + ": revision: 7 (expected: a string)");

    write(bundle, ".manifest", "{\"roots\": [\"a/b\", \"/a/\"]}");
    assertThatThrownBy(() -> PolicyLoader.load(bundle))
        .hasMessage(manifest + ": roots a/b and a overlap (expected: disjoint roots)");

    write(bundle, ".manifest", "[1]");
    assertThatThrownBy(() -> PolicyLoader.load(bundle))
        .hasMessage(manifest + ": array (expected: a JSON object)");

    write(bundle, ".manifest", "{\"roots\": [");
    assertThatThrownBy(() -> PolicyLoader.load(bundle))
        .hasMessageStartingWith(manifest + ":1:12: invalid JSON: ");
  }

  @Test
  void bundlesWithOverlappingRootsAreRejected() {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    write(one, ".manifest", "{\"roots\": [\"authz\"]}");
    write(two, ".manifest", "{\"roots\": [\"x\", \"authz/extra\"]}");

    assertThatThrownBy(() -> PolicyLoader.load(one, two))
        .hasMessage(
            two
                + "/.manifest: root \"authz/extra\" overlaps root \"authz\" of "
                + one
                + "/.manifest (expected: bundles with disjoint roots)");
  }
}
