package dev.weft.agent.e2e;

import dev.weft.policy.Authorizer;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.PolicyException;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.RegoAuthorizer;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Seed 000's federated policy and data, as weft-policy ships them on the classpath. */
final class SeedPolicy {

  static final DecisionPath PATH = DecisionPath.parse("agentweave/authz/federated/allow");

  /** The reason the seed policy's boolean result gives for a deny. */
  static final String DENY_REASON =
      "denied by agentweave/authz/federated/allow: the result is false";

  private static final PolicySnapshot SNAPSHOT = load();

  private SeedPolicy() {}

  /** An authorizer evaluating the seed policy. */
  static Authorizer authorizer() {
    return RegoAuthorizer.create(() -> SNAPSHOT, PATH, Clock.systemUTC());
  }

  private static PolicySnapshot load() {
    try {
      return new PolicySnapshot(
          RegoPolicy.builder()
              .module("federated-authz.rego", resource("federated-authz.rego"))
              .data(Json.parse(resource("federation-data.json")))
              .build(),
          "seed-000");
    } catch (PolicyException | IOException e) {
      throw new IllegalStateException("seed 000 policy does not load", e);
    }
  }

  private static String resource(String name) {
    String path = "dev/weft/policy/examples/" + name;
    try (InputStream in = SeedPolicy.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("not on the classpath: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
