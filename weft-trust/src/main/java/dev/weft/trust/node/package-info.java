/**
 * The node agent (what SPIRE agent does): attests to its trust server with a join token, keeps its
 * own SVID renewed, syncs the registration entries it is the parent of, holds an SVID for each
 * (keys generated here, never sent), renews them at half-life, and serves them to local workloads
 * on the SPIFFE Workload API. It keeps serving its cache while the server is away.
 */
package dev.weft.trust.node;
