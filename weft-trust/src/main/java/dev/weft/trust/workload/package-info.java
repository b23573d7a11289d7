/**
 * The SPIFFE Workload API served by the node agent on a unix socket, wire-compatible with the
 * SPIFFE {@code workload.proto}: callers are attested from their unix credentials and see only the
 * SVIDs and bundles their registration entries grant.
 */
package dev.weft.trust.workload;
