package dev.weft.controller;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.proto.fabric.v1.ControllerGrpc;
import dev.weft.proto.fabric.v1.ControllerMessage;
import dev.weft.proto.fabric.v1.NodeMessage;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The southbound API: gRPC over mutual TLS, one {@code OpenControlChannel} stream per node. Any
 * SVID that chains to a bundle the controller holds gets through the handshake; whether it may
 * register is the policy's call.
 */
final class Southbound extends ControllerGrpc.ControllerImplBase implements AutoCloseable {

  private final ControlLoop loop;
  private final ControllerConfig.Limits limits;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private Server server;

  private Southbound(ControlLoop loop, ControllerConfig.Limits limits, Clock clock) {
    this.loop = loop;
    this.limits = limits;
    this.clock = clock;
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "weft-controller-timers");
              t.setDaemon(true);
              return t;
            });
  }

  static Southbound start(
      InetSocketAddress endpoint,
      IdentitySource identity,
      ControlLoop loop,
      ControllerConfig.Limits limits,
      Clock clock)
      throws IOException {
    Southbound service = new Southbound(loop, limits, clock);
    service.server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(endpoint.getHostString(), endpoint.getPort()),
                SpiffeTls.serverCredentials(identity, PeerAuthorizer.any(), clock))
            .addService(
                ServerInterceptors.intercept(
                    service, SpiffeTls.peerIdInterceptor(), RemoteAddress.interceptor()))
            .maxInboundMessageSize(limits.maxMessageBytes())
            .maxInboundMetadataSize(16 * 1024)
            .maxConcurrentCallsPerConnection(4)
            .handshakeTimeout(10, TimeUnit.SECONDS)
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveTimeout(10, TimeUnit.SECONDS)
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .build()
            .start();
    return service;
  }

  InetSocketAddress address() {
    for (SocketAddress a : server.getListenSockets()) {
      if (a instanceof InetSocketAddress inet) {
        return inet;
      }
    }
    throw new IllegalStateException("the southbound server has no TCP address");
  }

  @Override
  public StreamObserver<NodeMessage> openControlChannel(
      StreamObserver<ControllerMessage> responses) {
    ServerCallStreamObserver<ControllerMessage> out =
        (ServerCallStreamObserver<ControllerMessage>) responses;
    SpiffeId peer = SpiffeTls.callerId().orElse(null);
    if (peer == null) {
      out.onError(
          Status.UNAUTHENTICATED
              .withDescription("no verified SPIFFE ID (expected: mutual TLS with an X.509-SVID)")
              .asRuntimeException());
      return new StreamObserver<>() {
        @Override
        public void onNext(NodeMessage value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
    }
    SocketAddress remote = RemoteAddress.KEY.get();
    NodeSession session =
        new NodeSession(peer, remote == null ? "?" : remote.toString(), out, loop, clock.instant());
    timers.schedule(
        () -> loop.post(() -> loop.registerTimeout(session)),
        limits.registerTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
    return session;
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    timers.shutdownNow();
  }

  /** The remote address of the current call, for logs. */
  static final class RemoteAddress {
    static final io.grpc.Context.Key<SocketAddress> KEY = io.grpc.Context.key("weft-remote");

    private RemoteAddress() {}

    static io.grpc.ServerInterceptor interceptor() {
      return new io.grpc.ServerInterceptor() {
        @Override
        public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
            io.grpc.ServerCall<Q, R> call,
            io.grpc.Metadata headers,
            io.grpc.ServerCallHandler<Q, R> next) {
          io.grpc.Context context =
              io.grpc.Context.current()
                  .withValue(KEY, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
          return io.grpc.Contexts.interceptCall(context, call, headers, next);
        }
      };
    }
  }
}
