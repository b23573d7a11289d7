/**
 * gRPC over unix domain sockets (Linux, epoll) for Weft's local APIs: the Workload API and the
 * trust server's admin socket. Servers expose each caller's kernel-reported credentials
 * ({@code SO_PEERCRED}: pid, uid, gid) to services through {@link
 * dev.weft.trust.internal.uds.PeerCredentials#current()}; a call whose credentials cannot be read
 * is refused. Internal to Weft: not a stable API.
 */
package dev.weft.trust.internal.uds;
