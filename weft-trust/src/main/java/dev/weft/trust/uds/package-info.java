/**
 * gRPC over unix domain sockets (Linux, epoll) for Weft's local APIs: the Workload API and the
 * trust server's admin socket. Servers expose each caller's kernel-reported credentials ({@code
 * SO_PEERCRED}: pid, uid, gid) to services through {@link
 * dev.weft.trust.uds.PeerCredentials#current()}; a call whose credentials cannot be read is
 * refused.
 *
 * <p>Public so that other modules open and serve these sockets the same way: {@link
 * dev.weft.trust.uds.UnixSocketChannels} (a client channel, used by {@code weft} to reach the admin
 * socket and the Workload API) and {@link dev.weft.trust.uds.UnixSocketServer} (a server, with
 * {@link dev.weft.trust.uds.PeerCredentials} of each call). The netty plumbing behind them is
 * package-private.
 */
package dev.weft.trust.uds;
