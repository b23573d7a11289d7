package dev.weft.agent.server;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.a2a.FabricEnvelope;
import dev.weft.agent.a2a.JsonRpcCodes;
import dev.weft.agent.observability.CallObserver;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionHandler;
import dev.weft.identity.spiffeid.SpiffeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves capability calls that arrive as requests in fabric sessions (see {@link
 * AgentServer#serveFabric}). The caller is the session's MLS-authenticated peer identity, and
 * nothing else: a session without MLS, or whose peer identity is unknown, is answered
 * UNAUTHENTICATED and nothing runs. The request then takes the same path as a direct call ({@link
 * RpcHandler#serve}). Callbacks run on the session endpoint's delivery thread and must not block:
 * each call runs on a virtual thread, at most {@code server.limits.max_concurrent_calls} at once
 * (beyond it a request is answered RESOURCE_EXHAUSTED at once).
 */
final class FabricInbound implements SessionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FabricInbound.class);

  private final ServerSettings settings;
  private final RpcHandler rpc;
  private final Semaphore running;

  FabricInbound(ServerSettings settings) {
    this.settings = settings;
    this.rpc = new RpcHandler(settings, null); // no HTTP connection to guard
    this.running = new Semaphore(settings.limits().maxConcurrentCalls());
  }

  /** The caller's SPIFFE ID: the MLS-authenticated peer identity, empty without MLS. */
  static Optional<SpiffeId> caller(Session session) {
    return session.encrypted() ? session.peerIdentity() : Optional.empty();
  }

  @Override
  public void onOpen(Session session) {
    if (caller(session).isEmpty()) {
      LOG.info(
          "fabric session {} from {} on {} is not MLS-authenticated: its calls are refused",
          Long.toHexString(session.id()),
          session.peer(),
          session.name());
    }
  }

  @Override
  public void onMessage(Session session, byte[] payload) {
    LOG.debug(
        "fabric session {}: a one-way message was dropped (calls are requests)",
        Long.toHexString(session.id()));
  }

  @Override
  public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
    Optional<SpiffeId> caller = caller(session);
    if (caller.isEmpty()) {
      return answer(
          error(
              RpcException.of(
                  ErrorCode.UNAUTHENTICATED,
                  "the fabric session is not MLS-authenticated (expected: a session with MLS;"
                      + " the caller's SPIFFE ID is taken from MLS only)")));
    }
    FabricEnvelope envelope;
    try {
      envelope = FabricEnvelope.decode(payload, settings.bodyReader());
    } catch (StreamConstraintsException e) {
      settings.observer().requestRefused(CallObserver.Refusal.JSON_LIMITS);
      return answer(
          error(RpcHandler.error(JsonRpcCodes.PARSE_ERROR, "parse error: " + rpc.limit(e))));
    } catch (IOException | IllegalArgumentException e) {
      return answer(
          error(
              RpcHandler.error(
                  JsonRpcCodes.PARSE_ERROR,
                  "parse error: the request is not a Weft fabric envelope ("
                      + (e instanceof IllegalArgumentException ? e.getMessage() : "not JSON")
                      + ")")));
    }
    if (!running.tryAcquire()) {
      settings.observer().requestRefused(CallObserver.Refusal.CONCURRENCY_LIMIT);
      return answer(
          error(
              RpcException.of(
                  ErrorCode.RESOURCE_EXHAUSTED,
                  "too many calls running (server.limits.max_concurrent_calls: "
                      + settings.limits().maxConcurrentCalls()
                      + ")")));
    }
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("weft-agent-fabric-call")
        .start(
            () -> {
              try {
                ObjectNode response =
                    rpc.serve(
                        caller.get(),
                        envelope.request(),
                        envelope.deadlineMillis().map(String::valueOf).orElse(null),
                        envelope.traceparent().orElse(null));
                reply.complete(
                    response == null
                        ? new byte[0]
                        : response.toString().getBytes(StandardCharsets.UTF_8));
              } catch (RuntimeException e) {
                LOG.warn("fabric call failed", e);
                reply.complete(
                    error(RpcException.of(ErrorCode.INTERNAL, "the call failed on the server")));
              } finally {
                running.release();
              }
            });
    return reply;
  }

  private static byte[] error(RpcException e) {
    return RpcHandler.errorResponse(NullNode.instance, e)
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static CompletableFuture<byte[]> answer(byte[] bytes) {
    return CompletableFuture.completedFuture(bytes);
  }
}
