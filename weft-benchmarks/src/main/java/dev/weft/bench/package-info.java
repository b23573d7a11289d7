/**
 * The benchmark runner ({@link dev.weft.bench.Main}, run by {@code scripts/bench}) and what the
 * benchmarks share: flag parsing, latency percentiles, the result table and the environment banner.
 * The benchmarks themselves: {@code dev.weft.trust.ca.IssuanceRun} (in the CA's package, to reach
 * its package-private signing backends), {@link dev.weft.bench.fetch} and {@link
 * dev.weft.bench.handshake}; {@link dev.weft.bench.domain} starts the trust domain they run
 * against. See docs/benchmarks.md.
 */
package dev.weft.bench;
