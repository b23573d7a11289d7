/** TLS pieces shared inside the trust plane; not API. */
package dev.weft.trust.internal.tls;
