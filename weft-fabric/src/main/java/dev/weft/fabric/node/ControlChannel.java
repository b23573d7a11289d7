package dev.weft.fabric.node;

import dev.weft.fabric.Name;
import dev.weft.fabric.admin.ControllerInfo;
import dev.weft.fabric.internal.HostPorts;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.proto.fabric.v1.Ack;
import dev.weft.proto.fabric.v1.ControllerGrpc;
import dev.weft.proto.fabric.v1.ControllerMessage;
import dev.weft.proto.fabric.v1.NodeMessage;
import dev.weft.proto.fabric.v1.Register;
import dev.weft.proto.fabric.v1.SubscriptionUpdate;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's control channel to its controller: one gRPC stream ({@code OpenControlChannel}) over
 * mutual TLS with the node's current X.509-SVID, to a controller that must prove exactly {@code
 * controller.peer} (verified against the bundle of its own trust domain, which may be a federated
 * one).
 *
 * <p>The node registers with its full state (names with local subscribers, the controller's routes
 * it holds, the nodes it has links up with), then reports names that gain their first or lose their
 * last local subscriber, batched (at most one update per {@value #BATCH_MILLIS} ms), and applies
 * each configuration command, answering with an ack.
 *
 * <p>Fail-static: when the channel fails nothing the controller installed is removed; the node
 * keeps forwarding and redials with backoff ({@value #INITIAL_MILLIS} ms to {@value #MAX_MILLIS}
 * ms, jittered down by up to half), then registers again with its full state. A refused
 * registration is logged as an error and retried after the longest delay.
 *
 * <p>Threading: everything runs on one thread of its own; {@link #changed(Name)} may be called from
 * any thread (an event loop, under the router's lock) and never blocks.
 */
final class ControlChannel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  static final long INITIAL_MILLIS = 100;
  static final long MAX_MILLIS = 5_000;
  static final long BATCH_MILLIS = 10;

  /** Where the channel stands, as {@code /v1/node} shows it. */
  enum State {
    CONNECTING("connecting"),
    CONNECTED("connected"),
    REFUSED("refused");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  private final NodeRuntime node;
  private final ControllerEndpoint config;
  private final ScheduledExecutorService executor;
  private final ControllerState installed;
  private final Set<Name> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  private volatile State state = State.CONNECTING;
  private volatile String lastError = "";
  private volatile boolean closed;

  // The control thread's own state.
  private ManagedChannel channel;
  private StreamObserver<NodeMessage> out;
  private int generation;
  private long nextMessageId;
  private int attempt;
  private boolean registered;
  private long lastFlushNanos;
  private Set<Name> reported = Set.of();

  ControlChannel(NodeRuntime node, ControllerEndpoint config) {
    this.node = node;
    this.config = config;
    this.installed = new ControllerState(node);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("weft-fabric-control-" + node.config.id()).daemon().factory());
  }

  /** Dials the controller (in the background). */
  void start() {
    executor.execute(this::connect);
  }

  /** {@code name} may have gained its first or lost its last local subscriber. Any thread. */
  void changed(Name name) {
    pending.add(name);
    if (!closed && flushScheduled.compareAndSet(false, true)) {
      long wait =
          Math.max(
              0, lastFlushNanos + TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS) - System.nanoTime());
      try {
        executor.schedule(this::flush, wait, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        flushScheduled.set(false); // closing
      }
    }
  }

  /** The channel as {@code /v1/node} shows it. */
  ControllerInfo info() {
    return new ControllerInfo(
        HostPorts.format(config.endpoint()), config.peer().toString(), state.label, lastError);
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      open();
    } catch (RuntimeException e) {
      failed(Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e));
    }
  }

  private void open() {
    shutdownChannel();
    generation++;
    int gen = generation;
    registered = false;
    channel =
        Grpc.newChannelBuilderForAddress(
                config.endpoint().getHostString(),
                config.endpoint().getPort(),
                SpiffeTls.channelCredentials(
                    node.identity, PeerAuthorizer.exactly(config.peer()), node.clock))
            .build();
    out = ControllerGrpc.newStub(channel).openControlChannel(new Inbound(gen));
    pending.clear();
    List<Name> names = node.router().localNames();
    reported = new HashSet<>(names);
    Register.Builder register =
        Register.newBuilder()
            .setNodeId(node.config.id())
            .setDomain(node.config.domain())
            .setLocalEndpoint(NodeRuntime.hostPort(node.localAddress()))
            .setExternalEndpoint(node.config.externalEndpoint())
            .addAllRoutes(installed.routes())
            .addAllLinkedNodes(node.router().linkedNodes());
    names.stream().map(Name::toString).sorted().forEach(register::addSubscriptions);
    send(NodeMessage.newBuilder().setRegister(register));
  }

  private void send(NodeMessage.Builder message) {
    if (out != null) {
      out.onNext(message.setMessageId(++nextMessageId).build());
    }
  }

  private void received(ControllerMessage message) {
    switch (message.getPayloadCase()) {
      case REGISTERED -> {
        registered = true;
        attempt = 0;
        state = State.CONNECTED;
        lastError = "";
        node.metrics().controllerConnected(true);
        LOG.info(
            "fabric node {}: registered with controller {} as {} (segment {})",
            node.config.id(),
            HostPorts.format(config.endpoint()),
            node.config.id(),
            message.getRegistered().getSegment());
        flush();
      }
      case CONFIG -> {
        List<String> errors = installed.apply(message.getConfig());
        node.metrics().command(errors.isEmpty());
        if (!errors.isEmpty()) {
          LOG.warn(
              "fabric node {}: controller command {} applied in part: {}",
              node.config.id(),
              message.getMessageId(),
              errors);
        }
        send(
            NodeMessage.newBuilder()
                .setAck(
                    Ack.newBuilder()
                        .setCommandId(message.getMessageId())
                        .setOk(errors.isEmpty())
                        .addAllErrors(errors)));
      }
      default ->
          LOG.debug(
              "fabric node {}: ignored a controller message without payload", node.config.id());
    }
  }

  /** Sends what changed since the last report, if registered. */
  private void flush() {
    flushScheduled.set(false);
    lastFlushNanos = System.nanoTime();
    if (!registered || pending.isEmpty()) {
      return;
    }
    List<Name> changed = new ArrayList<>(pending);
    pending.removeAll(changed);
    SubscriptionUpdate.Builder update = SubscriptionUpdate.newBuilder();
    Set<Name> now = new HashSet<>(reported);
    for (Name name : changed) {
      boolean local = node.router().hasLocal(name);
      if (local && now.add(name)) {
        update.addAdded(name.toString());
      } else if (!local && now.remove(name)) {
        update.addRemoved(name.toString());
      }
    }
    reported = now;
    if (update.getAddedCount() > 0 || update.getRemovedCount() > 0) {
      send(NodeMessage.newBuilder().setSubscriptions(update));
    }
  }

  private void failed(Status status) {
    boolean wasConnected = registered;
    registered = false;
    out = null;
    node.metrics().controllerConnected(false);
    String why =
        status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    lastError = why;
    long delay;
    switch (status.getCode()) {
      case PERMISSION_DENIED, ALREADY_EXISTS, INVALID_ARGUMENT, FAILED_PRECONDITION -> {
        state = State.REFUSED;
        delay = MAX_MILLIS;
        attempt = 0;
        LOG.error(
            "fabric node {}: controller {} refused the registration: {}; retrying in {} ms",
            node.config.id(),
            HostPorts.format(config.endpoint()),
            why,
            delay);
      }
      default -> {
        state = State.CONNECTING;
        long base = Math.min(MAX_MILLIS, INITIAL_MILLIS << Math.min(attempt, 16));
        attempt++;
        delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        if (wasConnected) {
          LOG.warn(
              "fabric node {}: control channel to {} failed: {}; keeping links and routes, "
                  + "redialling",
              node.config.id(),
              HostPorts.format(config.endpoint()),
              why);
        } else {
          LOG.debug(
              "fabric node {}: controller {} unreachable: {}",
              node.config.id(),
              HostPorts.format(config.endpoint()),
              why);
        }
      }
    }
    shutdownChannel();
    if (!closed) {
      try {
        executor.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void shutdownChannel() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
  }

  /** Closes the stream and the channel; installed links and routes stay with the node. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    executor.execute(
        () -> {
          if (out != null) {
            try {
              out.onCompleted();
            } catch (RuntimeException e) {
              LOG.debug("fabric node {}: closing the control stream", node.config.id(), e);
            }
            out = null;
          }
          shutdownChannel();
        });
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
    node.metrics().controllerConnected(false);
  }

  /** The controller's side of one stream; hands everything to the control thread. */
  private final class Inbound implements StreamObserver<ControllerMessage> {
    private final int gen;

    Inbound(int gen) {
      this.gen = gen;
    }

    @Override
    public void onNext(ControllerMessage message) {
      run(() -> received(message));
    }

    @Override
    public void onError(Throwable t) {
      run(() -> failed(Status.fromThrowable(t)));
    }

    @Override
    public void onCompleted() {
      run(() -> failed(Status.UNAVAILABLE.withDescription("the controller ended the channel")));
    }

    private void run(Runnable task) {
      try {
        executor.execute(
            () -> {
              if (gen == generation && !closed) {
                task.run();
              }
            });
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }
}
