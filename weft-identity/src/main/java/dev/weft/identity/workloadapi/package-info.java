/**
 * The client side of the SPIFFE Workload API: how a Weft component (or any workload) gets its
 * X.509-SVIDs, JWT-SVIDs and trust bundles from the node agent over a unix socket.
 *
 * <ul>
 *   <li>{@link dev.weft.identity.workloadapi.WorkloadApiEndpoint} parses the agent's address the
 *       way {@code SPIFFE_ENDPOINT_SOCKET} is defined by the SPIFFE standard;
 *   <li>{@link dev.weft.identity.workloadapi.WorkloadApiClient} makes the individual calls (fetch
 *       once, or watch a server stream);
 *   <li>{@link dev.weft.identity.workloadapi.SvidSource} keeps the watches open, reconnects with
 *       backoff when the agent goes away and offers the current identity as an immutable {@link
 *       dev.weft.identity.source.IdentitySnapshot}, which is what TLS and JWT verification use.
 * </ul>
 *
 * Every error the agent reports arrives as a {@link
 * dev.weft.identity.workloadapi.WorkloadApiException} carrying the gRPC status code and the agent's
 * message.
 */
package dev.weft.identity.workloadapi;
