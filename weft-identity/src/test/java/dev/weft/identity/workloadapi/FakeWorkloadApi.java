package dev.weft.identity.workloadapi;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.svid.X509Svid;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-test Workload API server on a unix socket. It serves whatever the test sets, pushes updates
 * to open streams, checks the security header on every call, and can be stopped and started again
 * on the same socket path (an agent restart).
 */
public final class FakeWorkloadApi implements AutoCloseable {
  private static final Metadata.Key<String> HEADER =
      Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

  private final Path socket;
  private final Feed<WorkloadProto.X509SVIDResponse> x509 = new Feed<>();
  private final Feed<WorkloadProto.X509BundlesResponse> x509Bundles = new Feed<>();
  private final Feed<WorkloadProto.JWTBundlesResponse> jwtBundles = new Feed<>();
  private final AtomicInteger callsWithHeader = new AtomicInteger();
  private final AtomicInteger callsWithoutHeader = new AtomicInteger();
  private volatile Function<WorkloadProto.JWTSVIDRequest, WorkloadProto.JWTSVIDResponse> jwtIssuer =
      request -> {
        throw Status.PERMISSION_DENIED.withDescription("no identity issued").asRuntimeException();
      };
  private volatile Function<
          WorkloadProto.ValidateJWTSVIDRequest, WorkloadProto.ValidateJWTSVIDResponse>
      validator =
          request -> {
            throw Status.UNIMPLEMENTED.asRuntimeException();
          };
  private final List<WorkloadProto.JWTSVIDRequest> jwtRequests = new ArrayList<>();
  private Server server;
  private EventLoopGroup boss;
  private EventLoopGroup worker;

  private FakeWorkloadApi(Path socket) {
    this.socket = socket;
  }

  /** A server listening on {@code socket}. */
  public static FakeWorkloadApi start(Path socket) {
    FakeWorkloadApi api = new FakeWorkloadApi(socket);
    api.listen();
    return api;
  }

  public WorkloadApiEndpoint endpoint() {
    return WorkloadApiEndpoint.ofSocket(socket);
  }

  /** Stops serving: open streams end with UNAVAILABLE, the socket goes away. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    worker.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    server = null;
    x509.forget();
    x509Bundles.forget();
    jwtBundles.forget();
  }

  /** Listens again on the same socket path. */
  public synchronized void restart() {
    stop();
    listen();
  }

  @Override
  public void close() {
    stop();
  }

  /** Serves {@code response} to new FetchX509SVID streams and pushes it to open ones. */
  public void setX509(WorkloadProto.X509SVIDResponse response) {
    x509.push(response);
  }

  /** Answers new FetchX509SVID streams with {@code status}; open streams are left alone. */
  public void failX509(Status status) {
    x509.fail(status);
  }

  public void setX509Bundles(WorkloadProto.X509BundlesResponse response) {
    x509Bundles.push(response);
  }

  public void setJwtBundles(WorkloadProto.JWTBundlesResponse response) {
    jwtBundles.push(response);
  }

  public void failJwtBundles(Status status) {
    jwtBundles.fail(status);
  }

  public void setJwtIssuer(
      Function<WorkloadProto.JWTSVIDRequest, WorkloadProto.JWTSVIDResponse> issuer) {
    this.jwtIssuer = issuer;
  }

  public void setValidator(
      Function<WorkloadProto.ValidateJWTSVIDRequest, WorkloadProto.ValidateJWTSVIDResponse>
          validator) {
    this.validator = validator;
  }

  public synchronized List<WorkloadProto.JWTSVIDRequest> jwtRequests() {
    return List.copyOf(jwtRequests);
  }

  public int callsWithHeader() {
    return callsWithHeader.get();
  }

  public int callsWithoutHeader() {
    return callsWithoutHeader.get();
  }

  /** How many FetchX509SVID streams are open. */
  public int openX509Streams() {
    return x509.open();
  }

  // ---- messages ----

  /** An X509SVIDResponse with {@code svids}, each carrying {@code own} as its bundle. */
  public static WorkloadProto.X509SVIDResponse x509Response(
      List<X509Svid> svids, TrustBundle own, Map<String, TrustBundle> federated) {
    WorkloadProto.X509SVIDResponse.Builder b = WorkloadProto.X509SVIDResponse.newBuilder();
    for (X509Svid svid : svids) {
      b.addSvids(svidMessage(svid, own));
    }
    federated.forEach((key, bundle) -> b.putFederatedBundles(key, der(bundle)));
    return b.build();
  }

  public static WorkloadProto.X509SVID svidMessage(X509Svid svid, TrustBundle bundle) {
    return WorkloadProto.X509SVID
        .newBuilder()
        .setSpiffeId(svid.id().toString())
        .setX509Svid(ByteString.copyFrom(Pem.concatDer(svid.chain())))
        .setX509SvidKey(ByteString.copyFrom(svid.privateKey().getEncoded()))
        .setBundle(der(bundle))
        .setHint(svid.hint())
        .build();
  }

  /** A JWTBundlesResponse keyed as given (trust domain ID or bare name). */
  public static WorkloadProto.JWTBundlesResponse jwtResponse(Map<String, TrustBundle> bundles) {
    WorkloadProto.JWTBundlesResponse.Builder b = WorkloadProto.JWTBundlesResponse.newBuilder();
    bundles.forEach(
        (key, bundle) ->
            b.putBundles(key, ByteString.copyFromUtf8(SpiffeBundleFormat.writeJwks(bundle))));
    return b.build();
  }

  public static WorkloadProto.X509BundlesResponse x509BundlesResponse(
      Map<String, TrustBundle> bundles) {
    WorkloadProto.X509BundlesResponse.Builder b = WorkloadProto.X509BundlesResponse.newBuilder();
    bundles.forEach((key, bundle) -> b.putBundles(key, der(bundle)));
    return b.build();
  }

  public static ByteString der(TrustBundle bundle) {
    return ByteString.copyFrom(Pem.concatDer(bundle.x509Authorities()));
  }

  private void listen() {
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    worker = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      server =
          NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
              .channelType(EpollServerDomainSocketChannel.class)
              .bossEventLoopGroup(boss)
              .workerEventLoopGroup(worker)
              .withChildOption(ChannelOption.SO_KEEPALIVE, null)
              .addService(ServerInterceptors.intercept(new Service(), new HeaderCheck()))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rejects calls without the security header, as agents do, and counts both kinds. */
  private final class HeaderCheck implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      if (!"true".equals(headers.get(HEADER))) {
        callsWithoutHeader.incrementAndGet();
        call.close(
            Status.INVALID_ARGUMENT.withDescription("security header missing from request"),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      callsWithHeader.incrementAndGet();
      return next.startCall(call, headers);
    }
  }

  private final class Service extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {
    @Override
    public void fetchX509SVID(
        WorkloadProto.X509SVIDRequest request,
        StreamObserver<WorkloadProto.X509SVIDResponse> observer) {
      x509.subscribe(observer);
    }

    @Override
    public void fetchX509Bundles(
        WorkloadProto.X509BundlesRequest request,
        StreamObserver<WorkloadProto.X509BundlesResponse> observer) {
      x509Bundles.subscribe(observer);
    }

    @Override
    public void fetchJWTBundles(
        WorkloadProto.JWTBundlesRequest request,
        StreamObserver<WorkloadProto.JWTBundlesResponse> observer) {
      jwtBundles.subscribe(observer);
    }

    @Override
    public void fetchJWTSVID(
        WorkloadProto.JWTSVIDRequest request,
        StreamObserver<WorkloadProto.JWTSVIDResponse> observer) {
      synchronized (FakeWorkloadApi.this) {
        jwtRequests.add(request);
      }
      unary(() -> jwtIssuer.apply(request), observer);
    }

    @Override
    public void validateJWTSVID(
        WorkloadProto.ValidateJWTSVIDRequest request,
        StreamObserver<WorkloadProto.ValidateJWTSVIDResponse> observer) {
      unary(() -> validator.apply(request), observer);
    }

    private <R> void unary(java.util.function.Supplier<R> answer, StreamObserver<R> observer) {
      R response;
      try {
        response = answer.get();
      } catch (StatusRuntimeException e) {
        observer.onError(e);
        return;
      }
      observer.onNext(response);
      observer.onCompleted();
    }
  }

  /** The current answer of one streaming call and the streams open on it. */
  private static final class Feed<R> {
    private final List<ServerCallStreamObserver<R>> streams = new ArrayList<>();
    private R current;
    private Status error;

    synchronized void subscribe(StreamObserver<R> observer) {
      ServerCallStreamObserver<R> stream = (ServerCallStreamObserver<R>) observer;
      if (error != null) {
        stream.onError(error.asRuntimeException());
        return;
      }
      stream.setOnCancelHandler(() -> remove(stream));
      streams.add(stream);
      if (current != null) {
        stream.onNext(current);
      }
    }

    synchronized void push(R response) {
      current = response;
      error = null;
      for (ServerCallStreamObserver<R> stream : List.copyOf(streams)) {
        if (!stream.isCancelled()) {
          stream.onNext(response);
        }
      }
    }

    synchronized void fail(Status status) {
      error = status;
    }

    synchronized int open() {
      streams.removeIf(ServerCallStreamObserver::isCancelled);
      return streams.size();
    }

    synchronized void forget() {
      streams.clear();
    }

    private synchronized void remove(ServerCallStreamObserver<R> stream) {
      streams.remove(stream);
    }
  }
}
