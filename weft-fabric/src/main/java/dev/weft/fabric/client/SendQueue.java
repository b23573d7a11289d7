package dev.weft.fabric.client;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.wire.Frame;
import dev.weft.fabric.wire.FrameBatch;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The frames a client's application queued for the node, bounded at {@value #MAX_PENDING}, and the
 * drain that writes them. Publishers offer from any thread; the drain runs on the I/O thread.
 */
final class SendQueue {

  /** Frames queued by the application before publishing waits. */
  static final int MAX_PENDING = 8192;

  /** Whether a client still has a connection to wait for room on; else the failure to throw. */
  interface Connected {
    /** Null while connected; otherwise the failure to throw. */
    FabricException failure();
  }

  private final Queue<Frame> outbound = PlatformDependent.newMpscQueue();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Object writable = new Object();
  private final Duration sendTimeout;
  private final BiConsumer<Frame, String> refused;
  private volatile boolean waiting;

  /**
   * A queue whose publishers wait up to {@code sendTimeout} for room; a frame that does not fit the
   * wire goes to {@code refused} with the reason.
   */
  SendQueue(Duration sendTimeout, BiConsumer<Frame, String> refused) {
    this.sendTimeout = sendTimeout;
    this.refused = refused;
  }

  /**
   * Queues {@code frame} and has {@code drain} run on {@code channel}'s event loop (once per
   * burst). From an application thread, waits while {@value #MAX_PENDING} frames are queued; on the
   * I/O thread (a handler replying) it never waits.
   */
  void offer(Frame frame, Channel channel, Connected connected, Runnable drain)
      throws FabricException {
    if (pending.get() >= MAX_PENDING && !channel.eventLoop().inEventLoop()) {
      awaitRoom(connected);
    }
    pending.incrementAndGet();
    outbound.offer(frame);
    schedule(channel, drain);
  }

  /** Has {@code drain} run on {@code channel}'s event loop, unless it is already due. */
  void schedule(Channel channel, Runnable drain) {
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(drain);
    }
  }

  /**
   * Encodes queued frames into {@code batch} (written every 16 KB) while {@code channel} is
   * writable, then flushes once. With no channel (none is ready), drops what is queued: it was
   * meant for a channel that is gone. I/O thread only.
   */
  void drain(Channel channel, FrameBatch batch) {
    drainScheduled.set(false);
    boolean live = channel != null;
    int written = 0;
    int taken = 0;
    while (!live || channel.isWritable()) {
      Frame frame = outbound.poll();
      if (frame == null) {
        break;
      }
      taken++;
      if (!live) {
        continue;
      }
      try {
        batch.add(frame);
        written++;
      } catch (IllegalArgumentException e) {
        refused.accept(frame, e.getMessage());
      }
    }
    if (live) {
      batch.write();
      if (written > 0) {
        channel.flush();
      }
    }
    if (taken > 0) {
      // once per drain, not per frame: publishers see the queue fuller than it is, never emptier
      pending.addAndGet(-taken);
    }
    if (waiting && pending.get() < MAX_PENDING) {
      wake();
    }
  }

  /** Wakes publishers waiting for room (to find room, or that the connection is gone). */
  void wake() {
    synchronized (writable) {
      writable.notifyAll();
    }
  }

  private void awaitRoom(Connected connected) throws FabricException {
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    synchronized (writable) {
      waiting = true;
      try {
        while (pending.get() >= MAX_PENDING) {
          FabricException gone = connected.failure();
          if (gone != null) {
            throw gone;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new FabricException(
                ErrorCode.SLOW_CONSUMER,
                "fabric client: the node took no data for "
                    + sendTimeout
                    + " ("
                    + MAX_PENDING
                    + " frames queued)");
          }
          TimeUnit.NANOSECONDS.timedWait(writable, Math.min(left, 100_000_000L));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FabricException(ErrorCode.UNAVAILABLE, "fabric client: interrupted", e);
      } finally {
        waiting = false;
      }
    }
  }
}
