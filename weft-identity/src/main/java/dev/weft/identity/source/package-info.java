/**
 * Where a component's own identity comes from: an {@link dev.weft.identity.source.IdentitySource}
 * hands out immutable {@link dev.weft.identity.source.IdentitySnapshot}s (an X.509-SVID and the
 * bundles to verify peers with), swapped atomically on rotation. The Workload API client is the
 * usual source; the trust server, being the CA, is its own.
 */
package dev.weft.identity.source;
