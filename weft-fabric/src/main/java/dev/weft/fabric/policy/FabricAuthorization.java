package dev.weft.fabric.policy;

import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Decision;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.DecisionPoint;
import dev.weft.policy.PolicyException;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Asks the policy whether a peer may subscribe to or publish on a name, through a {@link
 * DecisionPoint} (which writes one decision-log line per decision). The node keeps each answer in a
 * per-connection cache keyed by action and name, stamped with the {@linkplain #revision() policy
 * revision}, so the hot path evaluates no Rego per message.
 */
public final class FabricAuthorization {

  /** The action of a subscribe. */
  public static final String SUBSCRIBE = "subscribe";

  /** The action of a publish. */
  public static final String PUBLISH = "publish";

  private static final String DEFAULT_RESOURCE = "/dev/weft/fabric/policy/default.rego";

  private final DecisionPoint decisions;
  private final DecisionPath path;
  private final Supplier<PolicySnapshot> policies;
  private final SpiffeId nodeId;
  private final String nodeName;
  private final String domain;
  private final Supplier<Set<TrustDomain>> federation;

  /**
   * An authorization for the node {@code nodeId}.
   *
   * @param policies the current policy (to read its revision); the same the authorizer reads
   * @param federation the trust domains the node holds bundles for now (read per decision)
   */
  public FabricAuthorization(
      DecisionPoint decisions,
      DecisionPath path,
      Supplier<PolicySnapshot> policies,
      SpiffeId nodeId,
      String nodeName,
      String domain,
      Supplier<Set<TrustDomain>> federation) {
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.path = Objects.requireNonNull(path, "path");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    this.domain = Objects.requireNonNull(domain, "domain");
    this.federation = Objects.requireNonNull(federation, "federation");
  }

  /** The built-in policy's Rego source. */
  public static String defaultPolicySource() {
    try (InputStream in = FabricAuthorization.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the built-in fabric policy is missing: " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The built-in policy, compiled; its revision is {@code builtin-} and the first 12 hex digits of
   * the source's SHA-256.
   */
  public static PolicySnapshot defaultPolicy() throws PolicyException {
    String source = defaultPolicySource();
    RegoPolicy policy = RegoPolicy.builder().module("weft-fabric-default.rego", source).build();
    return new PolicySnapshot(policy, "builtin-" + sha256(source).substring(0, 12));
  }

  /** The revision of the policy decisions are made with now ({@code ""} if none is loaded). */
  public String revision() {
    PolicySnapshot snapshot = policies.get();
    return snapshot == null ? "" : snapshot.revision();
  }

  /** Decides (and audits) whether {@code peer} may {@code action} on {@code name}. */
  public Decision decide(SpiffeId peer, String action, Name name) {
    List<Value> components = new ArrayList<>();
    for (String c : name.components()) {
      components.add(StringValue.of(c));
    }
    AuthorizationRequest request =
        AuthorizationRequest.builder(peer, nodeId, action)
            .extra("name", StringValue.of(name.toString()))
            .extra("components", ArrayValue.of(components))
            .extra(
                "peer",
                ObjectValue.builder()
                    .put("spiffe_id", StringValue.of(peer.toString()))
                    .put("trust_domain", StringValue.of(peer.trustDomain().name()))
                    .build())
            .extra("node", node())
            .build();
    return decisions.decide(path, request);
  }

  private ObjectValue node() {
    List<Value> tds = new ArrayList<>();
    federation.get().stream()
        .map(TrustDomain::name)
        .sorted()
        .forEach(n -> tds.add(StringValue.of(n)));
    return ObjectValue.builder()
        .put("id", StringValue.of(nodeName))
        .put("domain", StringValue.of(domain))
        .put("trust_domain", StringValue.of(nodeId.trustDomain().name()))
        .put("spiffe_id", StringValue.of(nodeId.toString()))
        .put("federation", ArrayValue.of(tds))
        .build();
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
