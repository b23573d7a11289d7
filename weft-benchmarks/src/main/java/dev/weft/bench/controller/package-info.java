/**
 * {@code scripts/bench controller}: the fabric controller's topology and route engine at the
 * issue's scale (10,000 nodes, 100,000 subscriptions): load time, one subscription's latency, a
 * full recompute, link and node changes, and the heap it holds.
 */
package dev.weft.bench.controller;
