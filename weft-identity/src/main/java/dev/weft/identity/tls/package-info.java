/**
 * SPIFFE mutual TLS for Weft components: both sides present the X.509-SVID of their {@link
 * dev.weft.identity.source.IdentitySource} and verify the peer's against the bundle of the peer's
 * own trust domain, then ask a {@link dev.weft.identity.tls.PeerAuthorizer} whether that SPIFFE ID
 * may talk to them. Peers are authenticated by SPIFFE ID, never by host name.
 *
 * <p>Key and trust managers read the source's current snapshot on every handshake, so a rotated
 * SVID or bundle applies to the next handshake without rebuilding anything, while established
 * connections stay open. Sessions are never resumed, so that every connection is verified against
 * the bundles of its own time.
 *
 * <p>{@link dev.weft.identity.tls.SpiffeTls} is the entry point: JSSE {@code SSLContext}s, gRPC
 * credentials, and the caller's SPIFFE ID on the server side.
 */
package dev.weft.identity.tls;
