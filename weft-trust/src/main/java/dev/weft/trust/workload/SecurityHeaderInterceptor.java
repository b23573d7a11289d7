package dev.weft.trust.workload;

import dev.weft.trust.uds.PeerCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses calls without the Workload API's security header {@code workload.spiffe.io: true}, which
 * the standard requires so that a browser or SSRF-driven request cannot reach the API. Stateless.
 */
final class SecurityHeaderInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> HEADER =
      Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);
  static final String MISSING = "security header missing from request";

  private static final Logger log = LoggerFactory.getLogger(SecurityHeaderInterceptor.class);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!"true".equals(headers.get(HEADER))) {
      String who =
          PeerCredentials.current()
              .map(c -> "pid " + c.pid() + " uid " + Integer.toUnsignedString(c.uid()))
              .orElse("unknown caller");
      log.warn(
          "Workload API: denied {} to {}: {}",
          call.getMethodDescriptor().getBareMethodName(),
          who,
          MISSING);
      call.close(Status.INVALID_ARGUMENT.withDescription(MISSING), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
