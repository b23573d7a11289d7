package dev.weft.agent.server;

import dev.weft.agent.ErrorCode;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Decision;
import dev.weft.policy.DecisionLog;
import dev.weft.policy.DecisionPath;
import io.helidon.webserver.http.ServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 1 to 3 of a call: authenticate the peer (its trust domain must be allowed), check the
 * {@link dev.weft.agent.RequiresPeer} guards, ask the policy. Every decision is written to the
 * audit log: the guards under the paths {@code weft/agent/trust_domain} and {@code
 * weft/agent/requires_peer}, the policy under {@code weft/agent/policy}. Every line carries a
 * {@code result} and a {@code revision}: a guard's result is its answer ({@code true} or {@code
 * false}) and its revision the first 16 hex digits of the SHA-256 of the rule it applied (the
 * allowed trust domains, or the capability's peer patterns), so that a change of the rule shows.
 */
final class CallPipeline {

  static final String TRUST_DOMAIN_PATH = "weft/agent/trust_domain";
  static final String REQUIRES_PEER_PATH = "weft/agent/requires_peer";
  static final DecisionPath POLICY_PATH = DecisionPath.parse("weft/agent/policy");

  private static final Logger LOG = LoggerFactory.getLogger(CallPipeline.class);

  private final ServerSettings settings;

  CallPipeline(ServerSettings settings) {
    this.settings = settings;
  }

  /**
   * The peer's SPIFFE ID from its verified TLS client certificate.
   *
   * @throws RpcException UNAUTHENTICATED when the request came without one
   */
  static SpiffeId peer(ServerRequest request) throws RpcException {
    Certificate[] chain = request.remotePeer().tlsCertificates().orElse(new Certificate[0]);
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      throw RpcException.of(ErrorCode.UNAUTHENTICATED, "no client certificate");
    }
    try {
      return X509Svid.spiffeIdOf(leaf);
    } catch (SvidException e) {
      throw RpcException.of(ErrorCode.UNAUTHENTICATED, "client certificate: " + e.getMessage());
    }
  }

  /** This server's own SPIFFE ID, from its current SVID. */
  SpiffeId self() {
    return settings.source().current().svid().id();
  }

  /**
   * Step 1: the peer's trust domain must be allowed, when a list is configured.
   *
   * @throws RpcException UNAUTHENTICATED when it is not
   */
  void authenticate(SpiffeId caller, String action, String traceId) throws RpcException {
    if (settings.allowedTrustDomains().isEmpty()) {
      return;
    }
    boolean allowed = settings.allowedTrustDomains().contains(caller.trustDomain());
    String reason =
        allowed
            ? "trust domain " + caller.trustDomain() + " is allowed"
            : "trust domain "
                + caller.trustDomain()
                + " is not one of "
                + settings.allowedTrustDomains();
    audit(TRUST_DOMAIN_PATH, request(caller, action, traceId), allowed, reason,
        revision(settings.allowedTrustDomains().stream().map(d -> d.name()).sorted().toList()
            .toString()));
    if (!allowed) {
      throw RpcException.of(ErrorCode.UNAUTHENTICATED, reason);
    }
  }

  /**
   * Steps 2 and 3: the capability's peer guards, then the policy.
   *
   * @throws RpcException PERMISSION_DENIED with the reason
   */
  void authorize(SpiffeId caller, CapabilityDef def, String traceId) throws RpcException {
    AuthorizationRequest request = request(caller, def.name(), traceId);
    if (!def.peers().isEmpty()) {
      PeerPattern match =
          def.peers().stream().filter(p -> p.matches(caller)).findFirst().orElse(null);
      String reason =
          match != null
              ? "caller " + caller + " matches " + match
              : "caller " + caller + " does not match any of " + def.peers();
      audit(REQUIRES_PEER_PATH, request, match != null, reason,
          revision(def.peers().toString()));
      if (match == null) {
        throw RpcException.of(ErrorCode.PERMISSION_DENIED, reason);
      }
    }
    long start = System.nanoTime();
    Decision decision = settings.authorizer().decide(request);
    settings
        .observer()
        .authorization(
            def.name(), decision.allowed(), Duration.ofNanos(System.nanoTime() - start));
    try {
      settings
          .audit()
          .record(
              DecisionLog.Entry.of(
                  settings.clock().instant(), POLICY_PATH, request, decision, Map.of()));
    } catch (RuntimeException e) {
      LOG.warn("audit log: recording decision {} failed: {}", decision.decisionId(), e.toString());
    }
    if (!decision.allowed()) {
      throw RpcException.of(ErrorCode.PERMISSION_DENIED, decision.reason());
    }
  }

  private AuthorizationRequest request(SpiffeId caller, String action, String traceId) {
    return AuthorizationRequest.builder(caller, self(), action)
        .method(action)
        .time(settings.clock().instant())
        .traceId(traceId)
        .build();
  }

  /** The first 16 hex digits of the SHA-256 of {@code rule}. */
  static String revision(String rule) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(rule.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private void audit(String path, AuthorizationRequest request, boolean allowed, String reason,
      String revision) {
    try {
      settings
          .audit()
          .record(
              new DecisionLog.Entry(
                  settings.clock().instant(),
                  UUID.randomUUID().toString(),
                  path,
                  request.input(),
                  dev.weft.policy.rego.value.BooleanValue.of(allowed),
                  allowed,
                  reason,
                  revision,
                  request.traceId(),
                  Map.of()));
    } catch (RuntimeException e) {
      LOG.warn("audit log: recording a {} decision failed: {}", path, e.toString());
    }
  }
}
