package dev.weft.fabric.session;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The sending half of a session: numbers frames, keeps at most {@code window} of them in flight
 * until acknowledged and queues the rest, and retransmits a frame whose acknowledgement is overdue
 * with exponential backoff, up to {@code maxRetries} times. Not thread-safe: its session's lock
 * guards it.
 */
final class Outbox {

  /** A frame waiting for its acknowledgement. */
  private static final class Pending {
    final SessionFrame frame;
    int sent;
    long dueAt;

    Pending(SessionFrame frame) {
      this.frame = frame;
    }
  }

  /** What a {@link #overdue} pass did: frames retransmitted, and the first that ran out, or -1. */
  record Retransmits(int count, long exhaustedSeq) {}

  private final int window;
  private final int capacity;
  private final int maxRetries;
  private final long rtoMillis;
  private final long maxBackoffMillis;
  private final TreeMap<Long, Pending> inFlight = new TreeMap<>();
  private final ArrayDeque<Pending> queued = new ArrayDeque<>();
  private long nextSeq;

  Outbox(int window, int capacity, int maxRetries, long rtoMillis, long maxBackoffMillis) {
    this.window = window;
    this.capacity = capacity;
    this.maxRetries = maxRetries;
    this.rtoMillis = rtoMillis;
    this.maxBackoffMillis = maxBackoffMillis;
  }

  /** Frames not yet acknowledged, in flight or queued. */
  int size() {
    return inFlight.size() + queued.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** Whether {@link #add} must wait. */
  boolean full() {
    return size() >= capacity;
  }

  /**
   * Numbers a new frame ({@code make} gets its sequence number) and adds it to {@code send} if the
   * window has room, else queues it.
   */
  long add(LongFunction<SessionFrame> make, long now, List<SessionFrame> send) {
    long seq = nextSeq++;
    Pending p = new Pending(make.apply(seq));
    if (inFlight.size() < window) {
      transmit(p, now, send);
    } else {
      queued.add(p);
    }
    return seq;
  }

  /**
   * The peer acknowledged {@code seq} and everything below {@code cumulative}; frames that now fit
   * the window go to {@code send}. Returns whether anything was removed.
   */
  boolean acked(long seq, long cumulative, long now, List<SessionFrame> send) {
    boolean removed = inFlight.remove(seq) != null;
    while (!inFlight.isEmpty() && inFlight.firstKey() < cumulative) {
      inFlight.pollFirstEntry();
      removed = true;
    }
    while (inFlight.size() < window && !queued.isEmpty()) {
      transmit(queued.poll(), now, send);
    }
    return removed;
  }

  /**
   * Retransmits (into {@code send}) the frames whose acknowledgement is due by {@code now}; a frame
   * already retransmitted {@code maxRetries} times is reported instead.
   */
  Retransmits overdue(long now, List<SessionFrame> send) {
    int count = 0;
    for (Iterator<Pending> it = inFlight.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.dueAt > now) {
        continue;
      }
      if (p.sent > maxRetries) {
        return new Retransmits(count, p.frame.seq());
      }
      transmit(p, now, send);
      count++;
    }
    return new Retransmits(count, -1);
  }

  private void transmit(Pending p, long now, List<SessionFrame> send) {
    p.sent++;
    long backoff = rtoMillis << Math.min(p.sent - 1, 20);
    p.dueAt = now + Math.min(backoff, maxBackoffMillis);
    inFlight.put(p.frame.seq(), p);
    send.add(p.frame);
  }
}
