package dev.weft.trust.server;

import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.proto.trust.v1.CreateEntryRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.HealthRequest;
import dev.weft.testing.MutableClock;
import dev.weft.testing.TempSockets;
import dev.weft.trust.config.FederationConfig;
import dev.weft.trust.config.ListenerLimits;
import dev.weft.trust.uds.UnixSocketChannels;
import dev.weft.trust.uds.UnixSocketServer;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trust server's listeners under a caller that asks too much: a request over {@code
 * max_request_bytes} is refused with RESOURCE_EXHAUSTED, connections over {@code max_connections}
 * and connections that never finish their TLS handshake are closed and counted, unary calls over
 * {@code max_concurrent_calls} are refused and counted; and the server keeps serving everyone else.
 */
class ListenerLimitsTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final List<Socket> sockets = new ArrayList<>();
  private TrustPlane plane;

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void aRequestOverTheSizeLimitIsResourceExhaustedAndTheServerKeepsServing() throws Exception {
    plane =
        TrustPlane.startServer(
            clock, b -> b.limits(ListenerLimits.defaults().withMaxRequestBytes(64 << 10)));
    Entry huge =
        Entry.newBuilder()
            .setSpiffeId("spiffe://example.org/x")
            .setParentId("spiffe://example.org/y")
            .addSelectors("unix:uid:1")
            .setHint("h".repeat(100 << 10))
            .build();

    assertThatThrownBy(
            () -> plane.admin().createEntry(CreateEntryRequest.newBuilder().setEntry(huge).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertThat(plane.admin().health(HealthRequest.getDefaultInstance()).getServing()).isTrue();
  }

  @Test
  void connectionsOverTheCapAreClosedAsTheyAreAcceptedAndCounted() throws Exception {
    plane =
        TrustPlane.startServer(
            clock,
            b ->
                b.limits(
                    ListenerLimits.defaults()
                        .withMaxConnections(2)
                        .withHandshakeTimeout(Duration.ofMinutes(5))));
    Socket first = connect();
    Socket second = connect();
    await().atMost(WAIT).until(() -> plane.server().openNodeConnections() == 2);

    Socket third = connect();

    assertClosedByServer(third);
    assertThat(plane.server().refusals().connections()).isEqualTo(1);
    assertStillOpen(first);
    assertStillOpen(second);
    second.close();
    await().atMost(WAIT).until(() -> plane.server().openNodeConnections() == 1);
    Socket fourth = connect();
    await().atMost(WAIT).until(() -> plane.server().openNodeConnections() == 2);
    assertStillOpen(fourth);
  }

  @Test
  void aConnectionThatNeverFinishesItsHandshakeIsClosed() throws Exception {
    plane =
        TrustPlane.startServer(
            clock,
            b -> b.limits(ListenerLimits.defaults().withHandshakeTimeout(Duration.ofMillis(200))));
    Socket silent = connect();

    assertClosedByServer(silent);
    await().atMost(WAIT).until(() -> plane.server().refusals().connections() == 1);
    assertThat(plane.admin().health(HealthRequest.getDefaultInstance()).getServing()).isTrue();
  }

  @Test
  void theBundleEndpointIsHeldToTheServerLimits() throws Exception {
    plane =
        TrustPlane.startServer(
            clock,
            b ->
                b.federation(
                        FederationConfig.none()
                            .withBundleEndpoint(
                                FederationConfig.BundleEndpoint.spiffe("127.0.0.1", 0)))
                    .limits(
                        ListenerLimits.defaults().withHandshakeTimeout(Duration.ofMillis(200))));
    Socket silent =
        new Socket("127.0.0.1", plane.server().bundleEndpointAddress().orElseThrow().getPort());
    sockets.add(silent);

    assertClosedByServer(silent);
    await().atMost(WAIT).until(() -> plane.server().refusals().bundleEndpoint() == 1);
    assertThat(plane.server().refusals().connections()).isZero();
  }

  @Test
  void unaryCallsOverTheConcurrencyCapAreResourceExhaustedAndCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    CallLimiter limiter = new CallLimiter("test API", 2);
    MethodDescriptor<byte[], byte[]> wait =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Slow/Wait")
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();
    ServerServiceDefinition slow =
        ServerServiceDefinition.builder("test.Slow")
            .addMethod(
                wait,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      started.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .build();
    try (TempSockets dir = new TempSockets();
        UnixSocketServer server =
            UnixSocketServer.start(
                dir.socket("slow.sock"),
                PosixFilePermissions.fromString("rw-------"),
                List.of(ServerInterceptors.intercept(slow, limiter)));
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      ManagedChannel channel = UnixSocketChannels.open(server.socket());
      try {
        List<Future<byte[]>> inFlight = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          inFlight.add(
              callers.submit(
                  () ->
                      ClientCalls.blockingUnaryCall(
                          channel, wait, CallOptions.DEFAULT, new byte[1])));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(
                () ->
                    ClientCalls.blockingUnaryCall(channel, wait, CallOptions.DEFAULT, new byte[1]))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                  assertThat(e.getStatus().getDescription())
                      .isEqualTo(
                          "test API: 2 calls in progress (limit max_concurrent_calls); try again later");
                });
        assertThat(limiter.refused()).isEqualTo(1);

        release.countDown();
        for (Future<byte[]> call : inFlight) {
          assertThat(call.get(30, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(ClientCalls.blockingUnaryCall(channel, wait, CallOptions.DEFAULT, new byte[1]))
            .hasSize(1);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", plane.server().nodeApiAddress().getPort());
    sockets.add(s);
    return s;
  }

  private static void assertClosedByServer(Socket s) throws IOException {
    s.setSoTimeout((int) WAIT.toMillis());
    assertThat(s.getInputStream().read()).isEqualTo(-1);
  }

  private static void assertStillOpen(Socket s) throws IOException {
    s.setSoTimeout(200);
    assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      };
}
