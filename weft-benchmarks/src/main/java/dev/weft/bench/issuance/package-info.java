/**
 * The X.509-SVID issuance benchmark: the certificate authority's signing path ({@link
 * dev.weft.trust.ca.SigningBackend#AUTO}) against the JDK's default provider, with JMH and with the
 * issuing thread's CPU time.
 */
package dev.weft.bench.issuance;
