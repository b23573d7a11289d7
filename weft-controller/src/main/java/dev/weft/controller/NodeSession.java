package dev.weft.controller;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.proto.fabric.v1.ConfigurationCommand;
import dev.weft.proto.fabric.v1.ControllerMessage;
import dev.weft.proto.fabric.v1.NodeMessage;
import dev.weft.proto.fabric.v1.Registered;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's control channel. Everything it receives is handed to the {@link ControlLoop} in order;
 * everything it sends is sent from the loop's thread, so the stream is never written concurrently.
 */
final class NodeSession implements StreamObserver<NodeMessage> {

  private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);

  /** Commands sent but not yet acknowledged beyond which a node is too slow to keep. */
  static final int MAX_UNACKED = 10_000;

  final SpiffeId peer;
  final String remote;
  private final ServerCallStreamObserver<ControllerMessage> out;
  private final ControlLoop loop;

  // Touched on the loop's thread only.
  String nodeId;
  boolean closed;
  private long nextMessageId = 1;
  long unacked;
  long acksOk;
  long acksFailed;
  String lastError = "";
  Instant connectedAt;

  NodeSession(
      SpiffeId peer,
      String remote,
      ServerCallStreamObserver<ControllerMessage> out,
      ControlLoop loop,
      Instant now) {
    this.peer = peer;
    this.remote = remote;
    this.out = out;
    this.loop = loop;
    this.connectedAt = now;
    out.setOnCancelHandler(() -> loop.post(() -> loop.disconnected(this, "cancelled by the node")));
  }

  @Override
  public void onNext(NodeMessage message) {
    loop.post(() -> loop.received(this, message));
  }

  @Override
  public void onError(Throwable t) {
    loop.post(() -> loop.disconnected(this, Status.fromThrowable(t).toString()));
  }

  @Override
  public void onCompleted() {
    loop.post(
        () -> {
          loop.disconnected(this, "closed by the node");
          close(Status.OK);
        });
  }

  boolean registered() {
    return nodeId != null;
  }

  /** Sends {@code Registered} (loop thread). */
  void registered(String controllerId, String segment) {
    send(
        ControllerMessage.newBuilder()
            .setRegistered(
                Registered.newBuilder().setControllerId(controllerId).setSegment(segment)));
  }

  /** Sends a configuration command (loop thread). */
  void command(ConfigurationCommand command) {
    if (unacked >= MAX_UNACKED) {
      LOG.warn("node {}: {} commands unacknowledged; closing its control channel", nodeId, unacked);
      close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "unacknowledged commands: " + unacked + " (expected: at most " + MAX_UNACKED + ")"));
      loop.disconnected(this, "too many unacknowledged commands");
      return;
    }
    unacked++;
    send(ControllerMessage.newBuilder().setConfig(command));
  }

  private void send(ControllerMessage.Builder message) {
    if (closed) {
      return;
    }
    try {
      out.onNext(message.setMessageId(nextMessageId++).build());
    } catch (RuntimeException e) {
      // the call was cancelled under us; onCancel reports it to the loop
      closed = true;
    }
  }

  /** Ends the stream with {@code status} (loop thread); nothing is sent afterwards. */
  void close(Status status) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (status.isOk()) {
        out.onCompleted();
      } else {
        out.onError(status.asRuntimeException());
      }
    } catch (RuntimeException e) {
      // already cancelled
    }
  }

  String display() {
    return (nodeId == null ? "unregistered node" : "node " + nodeId)
        + " ("
        + peer
        + ", "
        + remote
        + ")";
  }
}
