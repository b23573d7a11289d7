/**
 * The trust server of one trust domain (what SPIRE server does): its CA, registration entries,
 * join-token attestation of node agents, the node API (TCP, mutual TLS) that agents sync from, and
 * the admin API on an owner-only unix socket that the {@code weft} CLI drives.
 */
package dev.weft.trust.server;
