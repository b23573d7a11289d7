package dev.weft.fabric.session;

import java.time.Duration;

/** The endpoint's settings (the builder's values). */
record Settings(
    int window,
    int sendBuffer,
    int reorderBuffer,
    int maxRetries,
    Duration retransmitTimeout,
    Duration maxBackoff,
    Duration idleTimeout,
    Duration closeTimeout,
    Duration sendTimeout) {}
