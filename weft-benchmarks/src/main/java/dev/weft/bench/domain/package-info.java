/**
 * An in-process trust domain (trust server and node agent over real sockets) for the benchmarks
 * that need real SVIDs from a real Workload API.
 */
package dev.weft.bench.domain;
