/**
 * SPIFFE federation: relationships with other trust domains, the SPIFFE bundle endpoint that serves
 * this domain's bundle (profiles {@code https_spiffe} and {@code https_web}), the bounded client
 * that fetches another domain's bundle, and the checks a fetched bundle must pass before it
 * replaces the last good one.
 */
package dev.weft.trust.federation;
