package dev.weft.trust.uds;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the caller's {@link PeerCredentials} from the transport attributes into the call's {@link
 * Context}; refuses the call with {@code PERMISSION_DENIED} if there are none (fail closed).
 * Stateless and thread-safe.
 */
final class PeerCredentialsInterceptor implements ServerInterceptor {
  /** The description of calls refused because the caller's credentials are unknown. */
  static final String UNAVAILABLE_MESSAGE = "peer credentials of the caller are unavailable";

  private static final Logger log = LoggerFactory.getLogger(PeerCredentialsInterceptor.class);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    PeerCredentials credentials = call.getAttributes().get(PeerCredentialsHandler.ATTRIBUTE);
    if (credentials == null) {
      log.warn(
          "unix socket: refused {}: {}",
          call.getMethodDescriptor().getFullMethodName(),
          UNAVAILABLE_MESSAGE);
      call.close(Status.PERMISSION_DENIED.withDescription(UNAVAILABLE_MESSAGE), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(PeerCredentials.CONTEXT_KEY, credentials);
    return Contexts.interceptCall(context, call, headers, next);
  }
}
