package dev.weft.identity.workloadapi;

import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One server-streaming call, turned into {@link Watcher} callbacks. The first of onError,
 * onCompleted, an unusable update or {@link #close()} ends it; the watcher hears about the first
 * three, once.
 */
final class StreamWatch<R, T> implements StreamObserver<R>, Subscription {
  /** Starts the gRPC call. */
  @FunctionalInterface
  interface Starter<R> {
    void start(SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub stub, StreamObserver<R> observer);
  }

  /** Reads one response. */
  @FunctionalInterface
  interface Converter<R, T> {
    T convert(R response) throws WorkloadApiException;
  }

  private final String call;
  private final Converter<R, T> converter;
  private final Watcher<T> watcher;
  private final Context.CancellableContext context;
  private final AtomicBoolean ended = new AtomicBoolean();

  private StreamWatch(String call, Converter<R, T> converter, Watcher<T> watcher) {
    this.call = call;
    this.converter = converter;
    this.watcher = watcher;
    // Detached from the caller's context: a watch must not end when, say, the gRPC call during
    // which it was opened ends.
    this.context = Context.ROOT.withCancellation();
  }

  static <R, T> StreamWatch<R, T> start(
      String call,
      SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub stub,
      Starter<R> starter,
      Converter<R, T> converter,
      Watcher<T> watcher) {
    StreamWatch<R, T> watch = new StreamWatch<>(call, converter, watcher);
    watch.context.run(() -> starter.start(stub, watch));
    return watch;
  }

  @Override
  public void onNext(R response) {
    if (ended.get()) {
      return;
    }
    T update;
    try {
      update = converter.convert(response);
    } catch (WorkloadApiException e) {
      if (ended.compareAndSet(false, true)) {
        context.cancel(e);
        watcher.onError(e);
      }
      return;
    }
    watcher.onUpdate(update);
  }

  @Override
  public void onError(Throwable t) {
    if (ended.compareAndSet(false, true)) {
      context.cancel(null);
      watcher.onError(Errors.fromGrpc(call, t));
    }
  }

  @Override
  public void onCompleted() {
    if (ended.compareAndSet(false, true)) {
      context.cancel(null);
      watcher.onError(
          new WorkloadApiException(Status.Code.UNAVAILABLE, call + ": the agent ended the stream"));
    }
  }

  @Override
  public void close() {
    if (ended.compareAndSet(false, true)) {
      context.cancel(null);
    }
  }
}
