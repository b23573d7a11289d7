package dev.weft.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.MDC;

/**
 * One capability invocation running on its own virtual thread. The thread reports what happens as
 * {@link Event}s; the request's thread takes them with {@link #next}, within the deadline, and
 * {@link #cancel}s the invocation (interrupting its thread) when the deadline passes, the task is
 * cancelled or the caller went away.
 */
final class Execution {

  /** What the invocation produced. */
  sealed interface Event {}

  /** A partial result of a streaming capability. */
  record Partial(JsonNode value) implements Event {}

  /** The capability returned; {@code streamed} when its result was a stream of partials. */
  record Done(JsonNode value, boolean streamed) implements Event {}

  /** The capability threw. */
  record Failed(Throwable error) implements Event {}

  /** {@link #cancel} was called. */
  record Cancelled() implements Event {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Runnable onEnd;

  private Execution(
      CapabilityDef def,
      JsonNode params,
      ServerCallContext ctx,
      ObjectMapper json,
      Runnable onEnd) {
    this.onEnd = onEnd;
    this.thread =
        Thread.ofVirtual()
            .name("weft-capability-" + def.name())
            .unstarted(() -> run(def, params, ctx, json));
  }

  /**
   * Starts {@code def} on a new virtual thread, which runs {@code onEnd} as its last act (however
   * the capability ends, even past its deadline).
   */
  static Execution start(
      CapabilityDef def,
      JsonNode params,
      ServerCallContext ctx,
      ObjectMapper json,
      Runnable onEnd) {
    Execution execution = new Execution(def, params, ctx, json, onEnd);
    try {
      execution.thread.start();
    } catch (RuntimeException | Error e) {
      onEnd.run();
      throw e;
    }
    return execution;
  }

  /**
   * The next event, waiting until {@code deadlineNanos} ({@link System#nanoTime()} scale).
   *
   * @return the event, or null when the deadline passed first
   */
  Event next(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    return left <= 0 ? events.poll() : events.poll(left, TimeUnit.NANOSECONDS);
  }

  /** Interrupts the invocation and wakes the waiting request with {@link Cancelled}. */
  void cancel() {
    events.add(new Cancelled());
    thread.interrupt();
  }

  private void run(CapabilityDef def, JsonNode params, ServerCallContext ctx, ObjectMapper json) {
    MDC.put("trace_id", ctx.traceId());
    MDC.put("capability", def.name());
    MDC.put("caller", ctx.caller().toString());
    try {
      // Calls out from the capability continue this call's deadline and trace.
      Object result =
          dev.weft.agent.client.CallScope.call(
              ctx.deadline(), ctx.traceparent(), () -> def.handler().handle(params, ctx));
      Iterator<?> partials = null;
      if (result instanceof Stream<?> stream) {
        partials = stream.iterator();
      } else if (result instanceof Iterator<?> iterator) {
        partials = iterator;
      }
      if (partials == null) {
        events.add(new Done(json.valueToTree(result), false));
        return;
      }
      try {
        while (partials.hasNext()) {
          if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("capability " + def.name() + " was interrupted");
          }
          events.add(new Partial(json.valueToTree(partials.next())));
        }
      } finally {
        if (result instanceof Stream<?> stream) {
          stream.close();
        }
      }
      events.add(new Done(null, true));
    } catch (Throwable t) {
      events.add(new Failed(t));
    } finally {
      MDC.clear();
      onEnd.run();
    }
  }
}
