package dev.weft.fabric.session;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The sending half of a session: numbers frames, keeps at most {@code window} of them in flight
 * until acknowledged and queues the rest, and retransmits a frame whose acknowledgement is overdue
 * with exponential backoff, up to {@code maxRetries} times. The timeout starts at the configured
 * one and then follows the measured round trip (smoothed, plus four times its variation, at least
 * {@value #MIN_RTO_MILLIS} ms; RFC 6298, without its one-second floor), sampled only from frames
 * sent once. Not thread-safe: its session's lock guards it.
 */
final class Outbox {

  /** A frame waiting for its acknowledgement. */
  private static final class Pending {
    final SessionFrame frame;
    int sent;
    long firstSentAt;
    long dueAt;

    Pending(SessionFrame frame) {
      this.frame = frame;
    }
  }

  /** What a {@link #overdue} pass did: frames retransmitted, and the first that ran out, or -1. */
  record Retransmits(int count, long exhaustedSeq) {
    /** Nothing retransmitted, nothing exhausted. */
    static final Retransmits NONE = new Retransmits(0, -1);
  }

  /** The smallest retransmission timeout the round-trip estimate may give, in milliseconds. */
  static final long MIN_RTO_MILLIS = 10;

  private final int window;
  private final int capacity;
  private final int maxRetries;
  private final long maxBackoffMillis;
  private final TreeMap<Long, Pending> inFlight = new TreeMap<>();
  private final ArrayDeque<Pending> queued = new ArrayDeque<>();
  private long nextSeq;

  /** Smoothed round trip and its variation (RFC 6298), -1 before the first sample. */
  private double srtt = -1;

  private double rttvar;
  private long rto;

  Outbox(int window, int capacity, int maxRetries, long rtoMillis, long maxBackoffMillis) {
    this.window = window;
    this.capacity = capacity;
    this.maxRetries = maxRetries;
    this.maxBackoffMillis = maxBackoffMillis;
    this.rto = rtoMillis;
  }

  /** The current retransmission timeout: the configured one until round trips are measured. */
  long rto() {
    return rto;
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
    long seq = nextSeq;
    Pending p = new Pending(make.apply(seq)); // may throw: the sequence number is not used then
    nextSeq++;
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
    Pending acked = inFlight.remove(seq);
    boolean removed = acked != null;
    if (acked != null && acked.sent == 1) {
      sample(now - acked.firstSentAt); // Karn: never from a retransmitted frame
    }
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

  private void sample(long rttMillis) {
    double r = Math.max(0, rttMillis);
    if (srtt < 0) {
      srtt = r;
      rttvar = r / 2;
    } else {
      rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
      srtt = 0.875 * srtt + 0.125 * r;
    }
    long estimate = (long) Math.ceil(srtt + Math.max(4 * rttvar, MIN_RTO_MILLIS));
    rto = Math.min(Math.max(estimate, MIN_RTO_MILLIS), maxBackoffMillis);
  }

  private void transmit(Pending p, long now, List<SessionFrame> send) {
    if (p.sent == 0) {
      p.firstSentAt = now;
    }
    p.sent++;
    long backoff = rto << Math.min(p.sent - 1, 20);
    p.dueAt = now + Math.min(backoff, maxBackoffMillis);
    inFlight.put(p.frame.seq(), p);
    send.add(p.frame);
  }
}
