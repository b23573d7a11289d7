package dev.weft.policy;

import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that evaluate Rego need the parser and compiler, which land on main separately: until
 * then (they throw {@link UnsupportedOperationException}) such tests are skipped, not failed.
 */
final class Engine {

  private Engine() {}

  /** Skips the calling test while the engine is still a stub. */
  static void assumeAvailable() {
    try {
      RegoPolicy.builder().module("probe.rego", "package probe\n\np := 1\n").build();
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("the Rego engine is not on this branch yet: " + e.getMessage());
    } catch (PolicyException e) {
      throw new AssertionError("the probe policy does not compile", e);
    }
  }

  /** A snapshot of one module and data (JSON text). */
  static PolicySnapshot snapshot(String revision, String module, String dataJson)
      throws Exception {
    return new PolicySnapshot(
        RegoPolicy.builder().module("policy.rego", module).data(Json.parse(dataJson)).build(),
        revision);
  }

  /** A test resource next to this class, as text. */
  static String resource(String name) throws IOException {
    try (InputStream in = Engine.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
