package dev.weft.identity.tls;

import dev.weft.identity.spiffeid.SpiffeId;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the caller's SPIFFE ID in {@link SpiffeTls#PEER_ID}; fails closed without one. */
final class PeerIdInterceptor implements ServerInterceptor {
  static final PeerIdInterceptor INSTANCE = new PeerIdInterceptor();
  private static final Logger log = LoggerFactory.getLogger(PeerIdInterceptor.class);

  private PeerIdInterceptor() {}

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return refuse(call, "no TLS session (expected: mutual TLS with an X.509-SVID)");
    }
    SpiffeId caller;
    try {
      caller = SpiffeTls.peerId(session);
    } catch (SSLPeerUnverifiedException e) {
      return refuse(call, "no verified SPIFFE ID: " + e.getMessage());
    }
    Context context = Context.current().withValue(SpiffeTls.PEER_ID, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(
      ServerCall<ReqT, RespT> call, String reason) {
    log.warn("gRPC {} refused: {}", call.getMethodDescriptor().getFullMethodName(), reason);
    call.close(Status.UNAUTHENTICATED.withDescription(reason), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
