package dev.weft.agent;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * What a capability knows about the call it serves. One instance per call; valid for the call's
 * duration and on the thread that runs it (calls out made through {@link #client()} carry this
 * call's deadline and trace).
 */
public interface CallContext {

  /** The caller's SPIFFE ID, as proved by its X.509-SVID in the mTLS handshake. */
  SpiffeId caller();

  /** The caller's trust domain. */
  default TrustDomain callerTrustDomain() {
    return caller().trustDomain();
  }

  /** The capability being called. */
  String capability();

  /** When the caller stops waiting; work past it is wasted. */
  Instant deadline();

  /** The W3C trace id of the call (32 lowercase hex characters). */
  String traceId();

  /** The W3C {@code traceparent} of this call's span, for propagation by hand. */
  String traceparent();

  /** A logger whose lines carry the call's trace id, capability and caller. */
  Logger logger();

  /** The agent's client, for calls out that continue this call's deadline and trace. */
  AgentClient client();
}
