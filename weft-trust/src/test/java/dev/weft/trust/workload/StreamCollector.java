package dev.weft.trust.workload;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects a server stream's messages and its end, and can cancel it. */
final class StreamCollector<Q, R> implements ClientResponseObserver<Q, R> {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<R> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> end = new CompletableFuture<>();
  private volatile ClientCallStreamObserver<Q> call;

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    call = requestStream;
  }

  @Override
  public void onNext(R value) {
    messages.add(value);
  }

  @Override
  public void onError(Throwable t) {
    end.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    end.complete(Status.OK);
  }

  /** The next message; fails if none arrives in time. */
  R next() throws InterruptedException {
    R message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + WAIT + "; stream end: " + end.getNow(null));
    }
    return message;
  }

  /** How the stream ended; fails if it does not end in time. */
  Status end() throws Exception {
    return end.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Messages received but not taken yet. */
  int pending() {
    return messages.size();
  }

  void cancel() {
    call.cancel("test cancels", null);
  }
}
