package dev.weft.trust.server;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.proto.trust.v1.SyncResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's open sync stream. {@link #changed()} coalesces notifications: at most one
 * recomputation runs at a time and one more is queued if changes arrive meanwhile. A response equal
 * to the last one sent is not sent again. The {@link SyncHub} subscription given to {@link #attach}
 * is closed with the stream, whether the agent went away or the stream failed.
 */
final class SyncStream {
  private static final Logger log = LoggerFactory.getLogger(SyncStream.class);

  /** Computes the current response for an agent. */
  @FunctionalInterface
  interface Snapshotter {
    SyncResponse snapshot(SpiffeId agent) throws Exception;
  }

  private final SpiffeId agent;
  private final ServerCallStreamObserver<SyncResponse> observer;
  private final Snapshotter snapshotter;
  private final Executor executor;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Object sendLock = new Object();

  /** The last response sent, without its revision. */
  @GuardedBy("sendLock")
  private SyncResponse last;

  private volatile boolean closed;
  private volatile AutoCloseable subscription;

  SyncStream(
      SpiffeId agent,
      ServerCallStreamObserver<SyncResponse> observer,
      Snapshotter snapshotter,
      Executor executor) {
    this.agent = agent;
    this.observer = observer;
    this.snapshotter = snapshotter;
    this.executor = executor;
  }

  void changed() {
    pending.set(true);
    if (running.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  /**
   * Hands over the hub subscription that feeds {@link #changed()}, to be closed with the stream.
   */
  void attach(AutoCloseable subscription) {
    this.subscription = subscription;
    if (closed) {
      unsubscribe();
    }
  }

  void close() {
    closed = true;
    unsubscribe();
  }

  private void unsubscribe() {
    AutoCloseable s = subscription;
    if (s != null) {
      try {
        s.close();
      } catch (Exception ignored) {
        // removing a listener cannot fail in a way that matters
      }
    }
  }

  private void drain() {
    try {
      while (pending.getAndSet(false) && !closed) {
        sendCurrent();
      }
    } finally {
      running.set(false);
      if (pending.get() && !closed && running.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }
  }

  private void sendCurrent() {
    SyncResponse response;
    try {
      response = snapshotter.snapshot(agent);
    } catch (io.grpc.StatusRuntimeException e) {
      log.warn("sync for agent {} ended: {}", agent, e.getStatus().getDescription());
      fail(e.getStatus());
      return;
    } catch (Exception e) {
      log.warn("sync for agent {} failed: {}", agent, e.getMessage());
      fail(Status.UNAVAILABLE.withDescription("sync failed: " + e.getMessage()));
      return;
    }
    synchronized (sendLock) {
      SyncResponse comparable = response.toBuilder().clearRevision().build();
      if (closed || comparable.equals(last)) {
        return;
      }
      try {
        observer.onNext(response);
        last = comparable;
      } catch (RuntimeException e) {
        close(); // the client went away
      }
    }
  }

  private void fail(Status status) {
    synchronized (sendLock) {
      if (!closed) {
        close();
        try {
          observer.onError(status.asRuntimeException());
        } catch (RuntimeException ignored) {
          // already cancelled
        }
      }
    }
  }
}
