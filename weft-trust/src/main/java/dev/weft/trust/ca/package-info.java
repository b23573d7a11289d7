/**
 * The certificate authority of one trust domain, as SPIRE server's CA manager: it signs X.509-SVIDs
 * and JWT-SVIDs, publishes the X.509 and JWT authorities of the trust bundle, rotates its keys on a
 * fixed schedule (prepare at 1/2, activate at 5/6, retain until expiry), records its state in a
 * journal and keeps private keys only in a {@link dev.weft.trust.ca.KeyManager}. Its CA is a
 * self-signed root or an intermediate of an {@link dev.weft.trust.ca.UpstreamAuthority}. {@link
 * dev.weft.trust.ca.Csr} creates and checks the PKCS#10 requests agents send.
 *
 * <p>Entry point: {@link dev.weft.trust.ca.CertificateAuthority#open}.
 */
package dev.weft.trust.ca;
