package dev.weft.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Calls capabilities of other agents over SPIFFE mutual TLS. Thread-safe; one per agent process.
 *
 * <p>Every call proves the server presents exactly the expected SPIFFE ID (not merely one of its
 * trust domain), asks the outbound policy, propagates the deadline and the W3C trace, reuses pooled
 * connections, retries idempotent capabilities with backoff within a retry budget, and keeps a
 * circuit breaker per target.
 */
public interface AgentClient extends AutoCloseable {

  /**
   * Calls {@code capability} on the agent at {@code address} that must present {@code target}.
   *
   * @param params the parameters (a JSON object)
   * @param timeout how long to wait in all, retries included (capped by the current call's deadline
   *     when called from inside a capability)
   * @return the result
   * @throws AgentException with the failure's {@link ErrorCode}
   */
  JsonNode call(SpiffeId target, URI address, String capability, JsonNode params, Duration timeout)
      throws AgentException;

  /**
   * Calls {@code capability} on the agent that serves the fabric name {@code name}, over a fabric
   * session with MLS, when no direct address is known. The outbound policy is asked as for a direct
   * call; the session's MLS-authenticated peer must be exactly {@code target} (else
   * UNAUTHENTICATED, and nothing is sent); the request carries the deadline; failures have the
   * codes of a direct call. Not retried.
   *
   * @param timeout how long to wait in all (capped by the current call's deadline when called from
   *     inside a capability)
   * @throws AgentException with the failure's {@link ErrorCode}; UNAVAILABLE when the client has no
   *     fabric session endpoint or nobody serves the name
   */
  JsonNode call(SpiffeId target, Name name, String capability, JsonNode params, Duration timeout)
      throws AgentException;

  /**
   * Calls {@code capability} on the agent named {@code registryName} in the agent registry, with
   * the default timeout.
   *
   * @throws AgentException with the failure's {@link ErrorCode}; {@link ErrorCode#NOT_FOUND} when
   *     the registry has no such name
   */
  JsonNode call(String registryName, String capability, JsonNode params) throws AgentException;

  /**
   * Tries the registry entries in order (as seed 001's fallback step), moving on when one is
   * unavailable, unauthenticated or times out; a refusal by policy or by the capability itself is
   * an answer and ends the attempt. Entries that declare the same {@code group} in the registry are
   * equivalent: among them the one with the lowest measured latency is tried first.
   *
   * @throws AgentException the last failure when every entry failed
   */
  JsonNode callWithFallback(List<String> registryNames, String capability, JsonNode params)
      throws AgentException;

  @Override
  void close();
}
