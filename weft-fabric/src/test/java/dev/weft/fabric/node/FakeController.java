package dev.weft.fabric.node;

import dev.weft.fabric.Pki;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.proto.fabric.v1.Ack;
import dev.weft.proto.fabric.v1.ConfigurationCommand;
import dev.weft.proto.fabric.v1.ControllerGrpc;
import dev.weft.proto.fabric.v1.ControllerMessage;
import dev.weft.proto.fabric.v1.Link;
import dev.weft.proto.fabric.v1.NodeMessage;
import dev.weft.proto.fabric.v1.Register;
import dev.weft.proto.fabric.v1.Registered;
import dev.weft.proto.fabric.v1.Route;
import dev.weft.proto.fabric.v1.SubscriptionUpdate;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A controller for the node's tests: the southbound gRPC service over mutual TLS on loopback, in
 * trust domain {@code b.test} (federated with the nodes' {@code a.test}). It answers every Register
 * with Registered (or refuses it with {@link #refuse}), records what nodes send, and lets the test
 * send configuration commands.
 */
final class FakeController implements AutoCloseable {

  static final SpiffeId ID = SpiffeId.parse("spiffe://b.test/fabric/controller");

  private Server server;

  /** The latest channel of each node id. */
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** When set, registrations are refused with this status. */
  volatile Status refuse;

  private FakeController() {}

  static FakeController start(Pki pki, int port) throws IOException {
    FakeController controller = new FakeController();
    controller.server =
        Grpc.newServerBuilderForPort(
                port, SpiffeTls.serverCredentials(pki.source(ID.toString()), PeerAuthorizer.any()))
            .intercept(SpiffeTls.peerIdInterceptor())
            .addService(controller.new Service())
            .build()
            .start();
    return controller;
  }

  /** The southbound service: Register first, then acks and updates. */
  private final class Service extends ControllerGrpc.ControllerImplBase {
    @Override
    public StreamObserver<NodeMessage> openControlChannel(StreamObserver<ControllerMessage> out) {
      SpiffeId caller = SpiffeTls.callerId().orElseThrow();
      return new StreamObserver<>() {
        private Session session;

        @Override
        public void onNext(NodeMessage m) {
          if (session == null) {
            if (!m.hasRegister()) {
              out.onError(
                  Status.INVALID_ARGUMENT.withDescription("Register first").asRuntimeException());
              return;
            }
            Status refused = refuse;
            if (refused != null) {
              out.onError(refused.asRuntimeException());
              return;
            }
            session = new Session(m.getRegister(), caller, out);
            sessions.put(m.getRegister().getNodeId(), session);
            session.registered();
            return;
          }
          if (m.hasAck()) {
            session.acks.add(m.getAck());
          } else if (m.hasSubscriptions()) {
            session.updates.add(m.getSubscriptions());
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          synchronized (out) {
            out.onCompleted();
          }
        }
      };
    }
  }

  /** The channel of {@code nodeId} once it registered, waiting up to 15 s. */
  Session session(String nodeId) {
    return session(nodeId, null);
  }

  /** A registration of {@code nodeId} newer than {@code previous}, waiting up to 15 s. */
  Session session(String nodeId, Session previous) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      Session s = sessions.get(nodeId);
      if (s != null && s != previous) {
        return s;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("node " + nodeId + " did not register within 15 s");
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Link dial(String nodeId, SpiffeId peer, int port) {
    return Link.newBuilder()
        .setNodeId(nodeId)
        .setSpiffeId(peer.toString())
        .setEndpoint("127.0.0.1:" + port)
        .setDial(true)
        .build();
  }

  static Link admit(String nodeId, SpiffeId peer) {
    return Link.newBuilder().setNodeId(nodeId).setSpiffeId(peer.toString()).build();
  }

  static Route route(String name, String... hops) {
    return Route.newBuilder().setName(name).addAllNextHops(List.of(hops)).build();
  }

  /** One node's channel. */
  static final class Session {
    final Register register;
    final SpiffeId caller;
    private final StreamObserver<ControllerMessage> out;
    private final AtomicLong ids = new AtomicLong();
    final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    final BlockingQueue<SubscriptionUpdate> updates = new LinkedBlockingQueue<>();

    Session(Register register, SpiffeId caller, StreamObserver<ControllerMessage> out) {
      this.register = register;
      this.caller = caller;
      this.out = out;
    }

    /** Sends {@code command} and waits for its ack. */
    Ack command(ConfigurationCommand command) throws InterruptedException {
      long id = ids.incrementAndGet();
      synchronized (out) {
        out.onNext(ControllerMessage.newBuilder().setMessageId(id).setConfig(command).build());
      }
      while (true) {
        Ack ack = acks.poll(15, TimeUnit.SECONDS);
        if (ack == null) {
          throw new AssertionError("no ack for command " + id + " within 15 s");
        }
        if (ack.getCommandId() == id) {
          return ack;
        }
      }
    }

    void registered() {
      synchronized (out) {
        out.onNext(
            ControllerMessage.newBuilder()
                .setMessageId(ids.incrementAndGet())
                .setRegistered(Registered.newBuilder().setControllerId("fake").setSegment("seg-1"))
                .build());
      }
    }
  }
}
