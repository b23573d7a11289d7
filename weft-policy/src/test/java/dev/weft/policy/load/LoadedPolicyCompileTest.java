package dev.weft.policy.load;

import static dev.weft.policy.load.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.NumberValue;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling what was loaded (needs the engine). */
class LoadedPolicyCompileTest {

  @TempDir Path tmp;

  @BeforeEach
  void engine() {}

  @Test
  void compilesModulesWithTheMountedData() throws Exception {
    Path dir = tmp.resolve("p");
    write(dir, "authz.rego", "package authz\n\nlimit := data.limits.max\n");
    write(dir, "limits/data.yaml", "max: 7\n");

    PolicySnapshot snapshot = PolicyLoader.load(dir).compile();

    assertThat(snapshot.revision()).isEqualTo(PolicyLoader.load(dir).revision());
    assertThat(snapshot.policy().evaluate("data.authz.limit", null)).contains(NumberValue.of(7));
    assertThat(snapshot.policy().data()).isEqualTo(Json.parse("{\"limits\": {\"max\": 7}}"));
  }

  @Test
  void v0SyntaxNeedsV0() throws Exception {
    Path file = write(tmp, "old.rego", "package old\n\nallow {\n  true\n}\n");
    LoadedPolicy loaded = PolicyLoader.load(file);

    assertThat(loaded.compile(RegoVersion.V0).policy().evaluate("data.old.allow", null))
        .contains(BooleanValue.TRUE);
    assertThatThrownBy(loaded::compile)
        .isInstanceOf(PolicyException.class)
        .satisfies(
            e ->
                assertThat(((PolicyException) e).errors())
                    .allSatisfy(r -> assertThat(r.location().file()).isEqualTo(file.toString())));
  }

  @Test
  void bundlePackagesMustBeUnderTheRoots() {
    Path bundle = tmp.resolve("bundle");
    write(bundle, ".manifest", "{\"revision\": \"r\", \"roots\": [\"authz\"]}");
    write(bundle, "authz/ok.rego", "package authz.ok\n\np := 1\n");
    write(bundle, "other/x.rego", "package other.x\n\np := 1\n");

    assertThatThrownBy(() -> PolicyLoader.load(bundle).compile())
        .hasMessage(
            bundle
                + "/other/x.rego: the roots [authz] of "
                + bundle
                + "/.manifest do not permit package other.x (expected: a package under a root)");
  }
}
