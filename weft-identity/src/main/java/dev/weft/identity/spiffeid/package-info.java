/**
 * SPIFFE IDs and trust domains, validated at creation exactly as the SPIFFE ID standard defines
 * them. Every error names the rule that the input broke.
 */
package dev.weft.identity.spiffeid;
