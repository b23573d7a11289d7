package dev.weft.identity.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.workloadapi.TestDomain;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** gRPC over SPIFFE mutual TLS on 127.0.0.1, with the caller's ID visible to the service. */
class GrpcMtlsTest {
  private final TestDomain a = TestDomain.create("a.org");
  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (Server server : servers) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Answers ValidateJWTSVID with the caller's SPIFFE ID, as the interceptor saw it. */
  private static final class WhoAmI extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {
    @Override
    public void validateJWTSVID(
        WorkloadProto.ValidateJWTSVIDRequest request,
        StreamObserver<WorkloadProto.ValidateJWTSVIDResponse> observer) {
      String caller = SpiffeTls.callerId().map(Object::toString).orElse("none");
      observer.onNext(
          WorkloadProto.ValidateJWTSVIDResponse.newBuilder().setSpiffeId(caller).build());
      observer.onCompleted();
    }
  }

  /** Remembers the TLS session of the last call. */
  private static final class SessionCapture implements ClientInterceptor {
    final AtomicReference<SSLSession> session = new AtomicReference<>();

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          ClientCall<ReqT, RespT> call = this;
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(Metadata responseHeaders) {
                  session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                  super.onHeaders(responseHeaders);
                }
              },
              headers);
        }
      };
    }

    X509Certificate serverLeaf() throws Exception {
      return (X509Certificate) session.get().getPeerCertificates()[0];
    }
  }

  private int serve(ServerCredentials credentials) throws Exception {
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), credentials)
            .addService(ServerInterceptors.intercept(new WhoAmI(), SpiffeTls.peerIdInterceptor()))
            .build()
            .start();
    servers.add(server);
    return server.getPort();
  }

  private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub connect(
      int port, ChannelCredentials credentials, ClientInterceptor... interceptors) {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials)
            .intercept(interceptors)
            .build();
    channels.add(channel);
    return SpiffeWorkloadAPIGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static String whoAmI(SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub stub) {
    return stub.validateJWTSVID(WorkloadProto.ValidateJWTSVIDRequest.getDefaultInstance())
        .getSpiffeId();
  }

  private SwappableIdentitySource source(X509Svid svid) {
    return SwappableIdentitySource.of(new IdentitySnapshot(svid, BundleSet.of(a.bundle())));
  }

  @Test
  void theServiceSeesTheCallersSpiffeId() throws Exception {
    var server = source(a.svid("/server"));
    var client = source(a.svid("/client"));
    int port = serve(SpiffeTls.serverCredentials(server, PeerAuthorizer.memberOf(a.trustDomain())));
    SessionCapture capture = new SessionCapture();

    var stub =
        connect(
            port,
            SpiffeTls.channelCredentials(client, PeerAuthorizer.exactly(a.id("/server"))),
            capture);

    assertThat(whoAmI(stub)).isEqualTo("spiffe://a.org/client");
    assertThat(SpiffeTls.peerId(capture.session.get())).isEqualTo(a.id("/server"));
  }

  @Test
  void anUnauthorizedClientNeverReachesTheService() throws Exception {
    var server = source(a.svid("/server"));
    var client = source(a.svid("/client"));
    int port = serve(SpiffeTls.serverCredentials(server, PeerAuthorizer.exactly(a.id("/other"))));

    var stub = connect(port, SpiffeTls.channelCredentials(client, PeerAuthorizer.any()));

    assertThatThrownBy(() -> whoAmI(stub))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void theClientRefusesAnUnauthorizedServer() throws Exception {
    var server = source(a.svid("/server"));
    var client = source(a.svid("/client"));
    int port = serve(SpiffeTls.serverCredentials(server, PeerAuthorizer.any()));

    var stub =
        connect(port, SpiffeTls.channelCredentials(client, PeerAuthorizer.exactly(a.id("/db"))));

    assertThatThrownBy(() -> whoAmI(stub))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void aRotatedServerSvidIsUsedByNewConnectionsWhileTheOldOneKeepsWorking() throws Exception {
    X509Svid first = a.svid("/server");
    var server = source(first);
    var client = source(a.svid("/client"));
    int port = serve(SpiffeTls.serverCredentials(server, PeerAuthorizer.any()));
    ChannelCredentials credentials = SpiffeTls.channelCredentials(client, PeerAuthorizer.any());
    SessionCapture before = new SessionCapture();
    var old = connect(port, credentials, before);
    assertThat(whoAmI(old)).isEqualTo("spiffe://a.org/client");
    assertThat(before.serverLeaf()).isEqualTo(first.leaf());

    X509Svid second = a.svid("/server");
    server.set(new IdentitySnapshot(second, BundleSet.of(a.bundle())));
    SessionCapture after = new SessionCapture();
    var fresh = connect(port, credentials, after);

    assertThat(whoAmI(fresh)).isEqualTo("spiffe://a.org/client");
    assertThat(after.serverLeaf()).isEqualTo(second.leaf());
    assertThat(whoAmI(old)).isEqualTo("spiffe://a.org/client");
    assertThat(before.serverLeaf()).isEqualTo(first.leaf());
  }

  @Test
  void theInterceptorRefusesCallsWithoutTls() throws Exception {
    int port = serve(InsecureServerCredentials.create());

    var stub = connect(port, InsecureChannelCredentials.create());

    assertThatThrownBy(() -> whoAmI(stub))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("no TLS session (expected: mutual TLS with an X.509-SVID)");
            });
  }
}
