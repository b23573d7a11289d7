/**
 * {@code weft trust ...}: runs the trust server and node agent, and drives the trust server's admin
 * API (entries, bundles, join tokens, health) with SPIRE's verbs.
 */
package dev.weft.cli.trust;
