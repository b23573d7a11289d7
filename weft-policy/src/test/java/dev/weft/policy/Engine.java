package dev.weft.policy;

import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Helpers for tests that evaluate Rego. */
final class Engine {

  private Engine() {}

  /** A snapshot of one module and data (JSON text). */
  static PolicySnapshot snapshot(String revision, String module, String dataJson) throws Exception {
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
