package dev.weft.agent.server;

import dev.weft.agent.AgentClient;
import dev.weft.agent.CallContext;
import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one call. Its logger is named {@code dev.weft.agent.capability.<name>}; the
 * capability's thread carries {@code trace_id}, {@code capability} and {@code caller} in the MDC.
 */
record ServerCallContext(
    SpiffeId caller,
    String capability,
    Instant deadline,
    String traceId,
    String traceparent,
    AgentClient client)
    implements CallContext {

  @Override
  public Logger logger() {
    return LoggerFactory.getLogger("dev.weft.agent.capability." + capability);
  }
}
