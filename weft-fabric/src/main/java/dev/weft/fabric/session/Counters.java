package dev.weft.fabric.session;

import java.util.concurrent.atomic.AtomicLong;

/** The counters behind {@link SessionEndpoint#stats()}. */
final class Counters {
  final AtomicLong opened = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong retransmitted = new AtomicLong();
  final AtomicLong overflow = new AtomicLong();
  final AtomicLong stray = new AtomicLong();
  final AtomicLong lateReplies = new AtomicLong();
  final AtomicLong mlsRefused = new AtomicLong();
  final AtomicLong rekeyed = new AtomicLong();
  final AtomicLong limited = new AtomicLong();
}
