package dev.weft.trust.server;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Puts the SPIFFE ID and the leaf certificate of a node-API caller (the client certificate the TLS
 * layer already verified against the bundle) into the call's {@link Context}. Callers without a
 * certificate (agents attesting with a join token) get none.
 */
final class CallerIdentity implements ServerInterceptor {
  private static final Context.Key<SpiffeId> CALLER = Context.key("weft-caller-spiffe-id");
  private static final Context.Key<X509Certificate> CERTIFICATE =
      Context.key("weft-caller-certificate");

  /** The verified caller of the current call, if it presented an SVID. */
  static Optional<SpiffeId> current() {
    return Optional.ofNullable(CALLER.get());
  }

  /** The verified caller's leaf certificate (its X.509-SVID), if it presented one. */
  static Optional<X509Certificate> certificate() {
    return Optional.ofNullable(CERTIFICATE.get());
  }

  /** The verified caller, or an UNAUTHENTICATED error for anonymous callers. */
  static SpiffeId require() {
    return current()
        .orElseThrow(
            () ->
                Status.UNAUTHENTICATED
                    .withDescription("this call needs the agent's X.509-SVID (mutual TLS)")
                    .asRuntimeException());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    X509Certificate leaf = session == null ? null : leafOf(session);
    SpiffeId caller = leaf == null ? null : spiffeIdOf(leaf);
    if (caller == null) {
      return next.startCall(call, headers);
    }
    Context context = Context.current().withValue(CALLER, caller).withValue(CERTIFICATE, leaf);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static X509Certificate leafOf(SSLSession session) {
    try {
      Certificate[] certs = session.getPeerCertificates();
      return certs.length > 0 && certs[0] instanceof X509Certificate leaf ? leaf : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private static SpiffeId spiffeIdOf(X509Certificate leaf) {
    try {
      return X509Svid.spiffeIdOf(leaf);
    } catch (SvidException e) {
      return null;
    }
  }
}
