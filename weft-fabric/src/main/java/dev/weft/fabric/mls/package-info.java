/**
 * MLS (RFC 9420) groups bound to SPIFFE identities, the groundwork of end-to-end encrypted fabric
 * sessions. An {@link dev.weft.fabric.mls.MlsMember} presents its current X.509-SVID as an MLS
 * X.509 credential and signs with the SVID's key; an {@link dev.weft.fabric.mls.MlsGroup} admits a
 * member only when that credential chains to a bundle of a trust domain the local member trusts and
 * the session's policy allows the SPIFFE ID. The protocol itself is BouncyCastle's ({@code bcmls});
 * this package adds the identity binding, the admission checks and a small API over bytes, so that
 * nodes in between carry only MLS messages.
 */
package dev.weft.fabric.mls;
