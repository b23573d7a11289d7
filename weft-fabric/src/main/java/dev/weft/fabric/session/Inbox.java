package dev.weft.fabric.session;

import java.util.List;
import java.util.TreeMap;

/**
 * The receiving half of a session: suppresses duplicates and releases frames in sequence order,
 * holding at most {@code capacity} frames that arrived ahead of a gap. Not thread-safe: its
 * session's lock guards it.
 */
final class Inbox {

  /** What became of an offered frame. */
  enum Verdict {
    /** New: acknowledge it; it, and what it unblocked, were added to the ready list. */
    ACCEPTED,
    /** Seen before: acknowledge it again, deliver nothing. */
    DUPLICATE,
    /** Too far ahead of the gap: dropped unacknowledged, the sender will retransmit. */
    OVERFLOW
  }

  private final int capacity;
  private final TreeMap<Long, SessionFrame> held = new TreeMap<>();
  private long expected;

  Inbox(int capacity) {
    this.capacity = capacity;
  }

  /** The next sequence number to be released (the cumulative acknowledgement). */
  long expected() {
    return expected;
  }

  /** How many frames wait behind a gap. */
  int held() {
    return held.size();
  }

  /** Takes a DATA or CLOSE frame; appends the frames now in order to {@code ready}. */
  Verdict offer(SessionFrame frame, List<SessionFrame> ready) {
    long seq = frame.seq();
    if (seq < expected || held.containsKey(seq)) {
      return Verdict.DUPLICATE;
    }
    if (seq - expected >= capacity) {
      return Verdict.OVERFLOW;
    }
    held.put(seq, frame);
    while (!held.isEmpty() && held.firstKey() == expected) {
      ready.add(held.pollFirstEntry().getValue());
      expected++;
    }
    return Verdict.ACCEPTED;
  }
}
