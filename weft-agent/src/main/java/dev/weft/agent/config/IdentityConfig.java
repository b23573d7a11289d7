package dev.weft.agent.config;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code identity} section: who the agent is and whom it accepts.
 *
 * <pre>{@code
 * identity:
 *   spiffe_id: "spiffe://example.org/region/aws-us-east-1/agent"
 *   workload_api_socket: "unix:///run/spire/sockets/agent.sock"   # or spire_socket, or a path
 *   trust_domain: "example.org"
 *   allowed_trust_domains: ["example.org", "partner.example"]
 * }</pre>
 *
 * @param spiffeId the SVID to use among those the Workload API returns; default none (the first
 *     one)
 * @param workloadApiSocket the Workload API's unix socket ({@code workload_api_socket} or its alias
 *     {@code spire_socket}, written {@code unix:///path} or as a path; a relative path resolves
 *     against the file's directory); default {@code $SPIFFE_ENDPOINT_SOCKET} when set, else none
 *     (the caller decides)
 * @param trustDomain the agent's trust domain; default that of {@code spiffeId}, else none. When
 *     both are written they must agree
 * @param allowedTrustDomains the trust domains callers may come from; default empty: any domain the
 *     Workload API gives bundles for (which TLS already enforces). Must not be empty in the {@link
 *     Profile#PRODUCTION production} profile
 */
public record IdentityConfig(
    Optional<SpiffeId> spiffeId,
    Optional<Path> workloadApiSocket,
    Optional<TrustDomain> trustDomain,
    List<TrustDomain> allowedTrustDomains) {

  /** Copies the list; nothing may be null. */
  public IdentityConfig {
    Objects.requireNonNull(spiffeId, "spiffeId");
    Objects.requireNonNull(workloadApiSocket, "workloadApiSocket");
    Objects.requireNonNull(trustDomain, "trustDomain");
    allowedTrustDomains = List.copyOf(allowedTrustDomains);
  }
}
