/**
 * {@code scripts/bench agent}: latency and throughput of one authorized capability call between two
 * agents over an established mutual-TLS connection on loopback ({@code MeshClient} to {@code
 * AgentServer}, real Rego policy), against a bare TLS 1.3 echo over JSSE sockets with the same
 * SVIDs as the floor, measured in the same run.
 */
package dev.weft.bench.agent;
