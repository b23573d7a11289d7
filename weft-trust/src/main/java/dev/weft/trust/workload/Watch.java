package dev.weft.trust.workload;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open Workload API stream: sends the caller's response at once and again whenever a change of
 * the agent's snapshot changes it, until the client cancels, the caller loses its last identity
 * (the stream then ends with the render's status) or the server closes.
 *
 * <p>Threading: {@link #changed()} is the snapshot listener and never blocks; it schedules at most
 * one refresh on {@code executor}. Refreshes and sends are serialized by {@code lock}.
 *
 * @param <R> the response message type
 */
final class Watch<R> implements AutoCloseable {
  /** Computes the caller's current response, or fails with the status that ends the stream. */
  @FunctionalInterface
  interface Render<R> {
    R render() throws StatusException;
  }

  private static final Logger log = LoggerFactory.getLogger(Watch.class);

  private final String rpc;
  private final Caller caller;
  private final ServerCallStreamObserver<R> out;
  private final Render<R> render;
  private final Executor executor;
  private final Consumer<Watch<?>> onClose;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ReentrantLock lock = new ReentrantLock();

  @GuardedBy("lock")
  private R last;

  @GuardedBy("lock")
  private boolean done;

  @GuardedBy("lock")
  private AutoCloseable subscription;

  Watch(
      String rpc,
      Caller caller,
      ServerCallStreamObserver<R> out,
      Render<R> render,
      Executor executor,
      Consumer<Watch<?>> onClose) {
    this.rpc = rpc;
    this.caller = caller;
    this.out = out;
    this.render = render;
    this.executor = executor;
    this.onClose = onClose;
  }

  /**
   * Subscribes through {@code subscribe} and sends the first response. Call on the RPC's own
   * thread, before the service method returns (the cancel handler must be set then).
   */
  void start(Function<Runnable, AutoCloseable> subscribe) {
    out.setOnCancelHandler(this::close);
    AutoCloseable handle = subscribe.apply(this::changed);
    lock.lock();
    try {
      subscription = handle;
      if (done) {
        closeQuietly(handle); // cancelled while subscribing
        return;
      }
    } finally {
      lock.unlock();
    }
    refresh();
  }

  /** The snapshot changed: refresh soon, off the caller's thread. */
  void changed() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(
            () -> {
              scheduled.set(false);
              refresh();
            });
      } catch (RejectedExecutionException e) {
        scheduled.set(false); // the server is closing; the stream ends with it
      }
    }
  }

  private void refresh() {
    lock.lock();
    try {
      if (done) {
        return;
      }
      R next;
      try {
        next = render.render();
      } catch (StatusException e) {
        if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
          log.warn(
              "Workload API: denied {} to {}: {} (selectors {})",
              rpc,
              caller.describe(),
              e.getStatus().getDescription(),
              caller.selectors());
        } else {
          log.warn(
              "Workload API: {} to {} ended: {}: {}",
              rpc,
              caller.describe(),
              e.getStatus().getCode(),
              e.getStatus().getDescription());
        }
        out.onError(e);
        finish();
        return;
      } catch (RuntimeException e) {
        log.error("Workload API: {} to {} failed", rpc, caller.describe(), e);
        out.onError(Status.INTERNAL.withDescription("internal error").asException());
        finish();
        return;
      }
      if (!next.equals(last)) {
        out.onNext(next);
        last = next;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends the watch without sending anything more: the client cancelled or the server closes. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (done) {
        return;
      }
      finish();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream with {@code status} (the server is closing) and unsubscribes. */
  void end(Status status) {
    lock.lock();
    try {
      if (done) {
        return;
      }
      try {
        out.onError(status.asException());
      } catch (RuntimeException e) {
        log.debug("Workload API: {} to {} already gone: {}", rpc, caller.describe(), e.toString());
      }
      finish();
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private void finish() {
    done = true;
    last = null;
    if (subscription != null) {
      closeQuietly(subscription);
      subscription = null;
    }
    onClose.accept(this);
  }

  private void closeQuietly(AutoCloseable handle) {
    try {
      handle.close();
    } catch (Exception e) {
      log.warn(
          "Workload API: unsubscribing {} of {} failed: {}", rpc, caller.describe(), e.toString());
    }
  }
}
