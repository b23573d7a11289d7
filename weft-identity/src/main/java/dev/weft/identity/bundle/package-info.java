/**
 * Trust bundles in the SPIFFE bundle format (a JWKS whose keys carry {@code use} x509-svid or
 * jwt-svid, plus {@code spiffe_sequence} and {@code spiffe_refresh_hint}), and bundle sets keyed by
 * trust domain. Bundles of different trust domains are never merged.
 */
package dev.weft.identity.bundle;
