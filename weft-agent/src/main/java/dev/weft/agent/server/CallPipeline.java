package dev.weft.agent.server;

import dev.weft.agent.ErrorCode;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Decision;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.Guard;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 1 to 3 of a call: authenticate the peer (its trust domain must be allowed), check the
 * {@link dev.weft.agent.RequiresPeer} guards, ask the policy. Each step is decided and audited by
 * the server's {@link dev.weft.policy.DecisionPoint}: the guards under the paths {@code
 * weft/agent/trust_domain} and {@code weft/agent/requires_peer}, the policy under {@code
 * weft/agent/policy}. A guard's line carries its answer ({@code true} or {@code false}) as result
 * and the first 16 hex digits of the SHA-256 of the rule it applied (the allowed trust domains, or
 * the capability's peer patterns) as revision, so that a change of the rule shows.
 */
final class CallPipeline {

  static final DecisionPath TRUST_DOMAIN_PATH = DecisionPath.parse("weft/agent/trust_domain");
  static final DecisionPath REQUIRES_PEER_PATH = DecisionPath.parse("weft/agent/requires_peer");
  static final DecisionPath POLICY_PATH = DecisionPath.parse("weft/agent/policy");

  private final ServerSettings settings;
  private final Guard trustDomains; // null: no list configured
  private final Map<String, Guard> peerGuards = new HashMap<>(); // by capability; read-only

  CallPipeline(ServerSettings settings) {
    this.settings = settings;
    this.trustDomains =
        settings.allowedTrustDomains().isEmpty()
            ? null
            : trustDomainGuard(settings.allowedTrustDomains());
    settings.capabilities().values().stream()
        .filter(def -> !def.peers().isEmpty())
        .forEach(def -> peerGuards.put(def.name(), peerGuard(def.peers())));
  }

  /**
   * The peer's SPIFFE ID from its verified TLS client certificate.
   *
   * @throws RpcException UNAUTHENTICATED when the request came without one
   */
  static SpiffeId peer(io.helidon.webserver.http.ServerRequest request) throws RpcException {
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
    if (trustDomains == null) {
      return;
    }
    Decision decision = settings.decisions().check(trustDomains, request(caller, action, traceId));
    if (!decision.allowed()) {
      throw RpcException.of(ErrorCode.UNAUTHENTICATED, decision.reason());
    }
  }

  /**
   * Steps 2 and 3: the capability's peer guards, then the policy.
   *
   * @throws RpcException PERMISSION_DENIED with the reason
   */
  void authorize(SpiffeId caller, CapabilityDef def, String traceId) throws RpcException {
    AuthorizationRequest request = request(caller, def.name(), traceId);
    Guard peers = peerGuards.get(def.name());
    if (peers != null) {
      Decision decision = settings.decisions().check(peers, request);
      if (!decision.allowed()) {
        throw RpcException.of(ErrorCode.PERMISSION_DENIED, decision.reason());
      }
    }
    long start = System.nanoTime();
    Decision decision = settings.decisions().decide(POLICY_PATH, request);
    settings
        .observer()
        .authorization(def.name(), decision.allowed(), Duration.ofNanos(System.nanoTime() - start));
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

  /** Step 1's rule: the caller's trust domain is one of {@code allowed}. */
  static Guard trustDomainGuard(Set<TrustDomain> allowed) {
    String rule = allowed.stream().map(TrustDomain::name).sorted().toList().toString();
    return Guard.of(
        TRUST_DOMAIN_PATH,
        rule,
        request -> {
          TrustDomain domain = request.caller().trustDomain();
          return allowed.contains(domain)
              ? Guard.Verdict.allow("trust domain " + domain + " is allowed")
              : Guard.Verdict.deny("trust domain " + domain + " is not one of " + allowed);
        });
  }

  /** Step 2's rule: the caller matches one of the capability's {@code @RequiresPeer} patterns. */
  static Guard peerGuard(List<PeerPattern> patterns) {
    return Guard.of(
        REQUIRES_PEER_PATH,
        patterns.toString(),
        request -> {
          SpiffeId caller = request.caller();
          return patterns.stream()
              .filter(p -> p.matches(caller))
              .findFirst()
              .map(p -> Guard.Verdict.allow("caller " + caller + " matches " + p))
              .orElseGet(
                  () ->
                      Guard.Verdict.deny(
                          "caller " + caller + " does not match any of " + patterns));
        });
  }
}
