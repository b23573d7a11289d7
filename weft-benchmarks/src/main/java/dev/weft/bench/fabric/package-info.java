/**
 * {@code scripts/bench fabric}: the messaging fabric measured side by side with NATS (Debian's
 * {@code nats-server} driven by jnats), both with mutual TLS on loopback and 128-byte messages, and
 * the comparison of the two wire candidates (gRPC bidirectional streams and length-prefixed frames
 * on Netty) that chose the fabric's wire. Every figure is one grep-able {@code fabric ...} line;
 * docs/benchmarks.md explains them.
 */
package dev.weft.bench.fabric;
