package dev.weft.controller;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.proto.fabric.v1.Ack;
import dev.weft.proto.fabric.v1.ConfigurationCommand;
import dev.weft.proto.fabric.v1.ControllerGrpc;
import dev.weft.proto.fabric.v1.ControllerMessage;
import dev.weft.proto.fabric.v1.NodeMessage;
import dev.weft.proto.fabric.v1.Register;
import dev.weft.proto.fabric.v1.SubscriptionUpdate;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A control channel opened by hand, as a node would, to drive the controller message by message and
 * see exactly what it sends back.
 */
final class FakeNode implements AutoCloseable {

  private final ManagedChannel channel;
  private final StreamObserver<NodeMessage> requests;
  final BlockingQueue<ControllerMessage> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Status> closed = new CompletableFuture<>();
  private long nextId = 1;

  /** The whole state the controller sent when this node registered. */
  ConfigurationCommand full;

  FakeNode(InetSocketAddress controller, IdentitySource identity) {
    channel =
        NettyChannelBuilder.forAddress(
                controller.getHostString(),
                controller.getPort(),
                SpiffeTls.channelCredentials(
                    identity,
                    PeerAuthorizer.exactly(SpiffeId.parse(ControllerFixture.CONTROLLER_ID))))
            .build();
    requests =
        ControllerGrpc.newStub(channel)
            .openControlChannel(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ControllerMessage value) {
                    received.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    closed.complete(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    closed.complete(Status.OK);
                  }
                });
  }

  void send(NodeMessage.Builder message) {
    requests.onNext(message.setMessageId(nextId++).build());
  }

  void register(String id, String domain, List<String> subscriptions) {
    send(
        NodeMessage.newBuilder()
            .setRegister(
                Register.newBuilder()
                    .setNodeId(id)
                    .setDomain(domain)
                    .setLocalEndpoint("127.0.0.1:7401")
                    .setExternalEndpoint(id + ".example:7401")
                    .addAllSubscriptions(subscriptions)));
  }

  void subscribe(String... names) {
    send(
        NodeMessage.newBuilder()
            .setSubscriptions(SubscriptionUpdate.newBuilder().addAllAdded(List.of(names))));
  }

  void unsubscribe(String... names) {
    send(
        NodeMessage.newBuilder()
            .setSubscriptions(SubscriptionUpdate.newBuilder().addAllRemoved(List.of(names))));
  }

  /** The next message, or fails after {@code wait}. */
  ControllerMessage next(Duration wait) throws InterruptedException {
    ControllerMessage m = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null) {
      throw new AssertionError("no message from the controller within " + wait);
    }
    return m;
  }

  /** The next configuration command, acknowledged. */
  ConfigurationCommand command() throws InterruptedException {
    while (true) {
      ControllerMessage m = next(Duration.ofSeconds(10));
      if (m.hasConfig()) {
        send(
            NodeMessage.newBuilder()
                .setAck(Ack.newBuilder().setCommandId(m.getMessageId()).setOk(true)));
        return m.getConfig();
      }
    }
  }

  Status awaitClosed() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  /** Ends the stream from this side, as a node that stops does. */
  void hangUp() {
    try {
      requests.onCompleted();
    } catch (RuntimeException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    hangUp();
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
