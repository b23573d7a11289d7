/**
 * The {@code FetchX509SVID} latency benchmark: java-spiffe against Weft's node agent, with Weft's
 * client and raw gRPC stubs (against the agent and against a canned server) as baselines.
 */
package dev.weft.bench.fetch;
