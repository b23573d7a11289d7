/**
 * The trust server's persistent state: registration entries, join tokens (hashes only), attested
 * agents and trust bundles. {@link dev.weft.trust.store.DataStore#open} picks SQLite for a file
 * path (the embedded default: one file, WAL mode) or PostgreSQL for a {@code jdbc:postgresql:} URL
 * (production, pooled), and migrates the schema with Flyway from {@code db/migration}, which holds
 * SQL that runs unchanged on both. Every write is one transaction.
 */
package dev.weft.trust.store;
