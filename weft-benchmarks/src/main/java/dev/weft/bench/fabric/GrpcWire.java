package dev.weft.bench.fabric;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import io.grpc.CallOptions;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Candidate 1, as SLIM does it: gRPC bidirectional streams (grpc-java with its shaded Netty and
 * BoringSSL), mutual TLS with SVIDs. Messages are raw bytes (a pass-through marshaller, so no
 * protobuf cost is counted against gRPC); server and client run callbacks on the transport threads
 * (direct executors), gRPC's fastest configuration.
 */
final class GrpcWire implements AutoCloseable {
  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new KnownLengthStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException("reading a message failed", e);
          }
        }
      };
  private static final MethodDescriptor<byte[], byte[]> ONE_WAY = method("OneWay");
  private static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo");

  private final Server server;
  private final ManagedChannel channel;
  private final AtomicLong received = new AtomicLong();

  GrpcWire(IdentitySource serverIdentity, IdentitySource clientIdentity, SpiffeId serverId)
      throws IOException {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("weft.bench.Wire")
            .addMethod(
                ONE_WAY,
                ServerCalls.asyncBidiStreamingCall(
                    replies ->
                        new Sink<>() {
                          @Override
                          public void onNext(byte[] value) {
                            received.incrementAndGet();
                          }
                        }))
            .addMethod(
                ECHO,
                ServerCalls.asyncBidiStreamingCall(
                    replies ->
                        new Sink<>() {
                          @Override
                          public void onNext(byte[] value) {
                            replies.onNext(value);
                          }
                        }))
            .build();
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SpiffeTls.serverCredentials(serverIdentity, PeerAuthorizer.any()))
            .directExecutor()
            .addService(service)
            .build()
            .start();
    channel =
        NettyChannelBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()),
                SpiffeTls.channelCredentials(clientIdentity, PeerAuthorizer.exactly(serverId)))
            .directExecutor()
            .build();
  }

  /** A client stream to the one-way method; the count is what the server has received. */
  Workloads.Stream oneWay() {
    @SuppressWarnings("unchecked")
    ClientCallStreamObserver<byte[]> requests =
        (ClientCallStreamObserver<byte[]>)
            ClientCalls.asyncBidiStreamingCall(
                channel.newCall(ONE_WAY, CallOptions.DEFAULT), new Sink<>());
    return new Workloads.Stream() {
      @Override
      public void publish(byte[] body) {
        while (!requests.isReady()) {
          LockSupport.parkNanos(10_000); // gRPC's flow control: wait for the transport to drain
        }
        requests.onNext(body);
      }

      @Override
      public long received() {
        return received.get();
      }
    };
  }

  /** A ping-pong over one echo stream: each request waits for its echo. */
  Workloads.Requester echo() {
    Semaphore replies = new Semaphore(0);
    StreamObserver<byte[]> requests =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(ECHO, CallOptions.DEFAULT),
            new Sink<>() {
              @Override
              public void onNext(byte[] value) {
                replies.release();
              }
            });
    return body -> {
      requests.onNext(body);
      if (!replies.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new IOException("grpc echo: no reply within 10 s");
      }
    };
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static MethodDescriptor<byte[], byte[]> method(String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("weft.bench.Wire", name))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  /** An observer that ignores everything unless overridden. */
  private static class Sink<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  /** A byte array stream whose length gRPC can read without copying through a buffer first. */
  private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
    KnownLengthStream(byte[] bytes) {
      super(bytes);
    }
  }
}
