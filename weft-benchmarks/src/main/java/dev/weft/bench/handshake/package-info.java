/**
 * The mutual-TLS handshake benchmark: server CPU per full handshake with Weft's {@code SpiffeTls}
 * against plain JSSE over the same X.509-SVIDs.
 */
package dev.weft.bench.handshake;
