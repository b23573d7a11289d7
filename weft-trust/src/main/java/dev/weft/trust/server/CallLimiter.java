package dev.weft.trust.server;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the unary calls in progress on one API (each runs on its own virtual thread): a call over
 * the cap fails at once with {@code RESOURCE_EXHAUSTED} and is counted. Streaming calls are not
 * capped here: they hold no thread between messages and are bounded by the connections. A permit is
 * taken when the call starts and given back when it completes or is cancelled. Thread-safe.
 */
final class CallLimiter implements ServerInterceptor {
  private final String api;
  private final int limit;
  private final Semaphore permits;
  private final AtomicLong refused = new AtomicLong();

  CallLimiter(String api, int limit) {
    this.api = api;
    this.limit = limit;
    this.permits = new Semaphore(limit);
  }

  /** Calls refused since the server started. */
  long refused() {
    return refused.get();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
      return next.startCall(call, headers);
    }
    if (!permits.tryAcquire()) {
      refused.incrementAndGet();
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              api
                  + ": "
                  + limit
                  + " calls in progress (limit max_concurrent_calls); try again later"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            permits.release();
          }
        };
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(call, headers);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          release.run();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          release.run();
        }
      }
    };
  }
}
