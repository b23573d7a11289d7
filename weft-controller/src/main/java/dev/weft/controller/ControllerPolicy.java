package dev.weft.controller;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Decision;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.DecisionPoint;
import dev.weft.policy.PolicyException;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Asks the controller's Rego policy whether a node may register and whether an API caller may read
 * or change the fabric, through a {@link DecisionPoint} (one decision-log line per decision).
 */
final class ControllerPolicy {

  static final String REGISTER = "register";
  static final String READ = "read";
  static final String WRITE = "write";

  private static final String DEFAULT_RESOURCE = "/dev/weft/controller/default.rego";

  private final DecisionPoint decisions;
  private final DecisionPath path;
  private final Supplier<SpiffeId> controllerId;

  ControllerPolicy(DecisionPoint decisions, DecisionPath path, Supplier<SpiffeId> controllerId) {
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.path = Objects.requireNonNull(path, "path");
    this.controllerId = Objects.requireNonNull(controllerId, "controllerId");
  }

  /** The built-in policy, compiled; its revision is {@code builtin-} and 12 hex of its SHA-256. */
  static PolicySnapshot defaultPolicy() throws PolicyException {
    String source;
    try (InputStream in = ControllerPolicy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the built-in controller policy is missing");
      }
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RegoPolicy policy = RegoPolicy.builder().module("weft-controller-default.rego", source).build();
    return new PolicySnapshot(policy, "builtin-" + sha256(source).substring(0, 12));
  }

  /** May {@code peer} register as node {@code nodeId} in {@code domain}? */
  Decision register(SpiffeId peer, String nodeId, String domain) {
    return decisions.decide(
        path,
        request(peer, REGISTER)
            .extra(
                "node",
                ObjectValue.builder()
                    .put("id", StringValue.of(nodeId))
                    .put("domain", StringValue.of(domain))
                    .build())
            .build());
  }

  /** May {@code peer} call the JSON API with {@code method} on {@code requestPath}? */
  Decision api(SpiffeId peer, String method, String requestPath) {
    String action = method.equals("GET") || method.equals("HEAD") ? READ : WRITE;
    return decisions.decide(
        path,
        request(peer, action)
            .method(method)
            .requestField("path", StringValue.of(requestPath))
            .build());
  }

  private AuthorizationRequest.Builder request(SpiffeId peer, String action) {
    SpiffeId controller = controllerId.get();
    return AuthorizationRequest.builder(peer, controller, action)
        .extra(
            "peer",
            ObjectValue.builder()
                .put("spiffe_id", StringValue.of(peer.toString()))
                .put("trust_domain", StringValue.of(peer.trustDomain().name()))
                .put("path", StringValue.of(peer.path()))
                .build())
        .extra(
            "controller",
            ObjectValue.builder()
                .put("spiffe_id", StringValue.of(controller.toString()))
                .put("trust_domain", StringValue.of(controller.trustDomain().name()))
                .build());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
