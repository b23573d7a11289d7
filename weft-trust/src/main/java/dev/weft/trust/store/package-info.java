/**
 * The trust server's persistent state: registration entries, join tokens (hashes only), attested
 * agents and trust bundles. {@link dev.weft.trust.store.DataStore#open} picks SQLite for a file
 * path (the embedded default: one file, WAL mode) or PostgreSQL for a {@code jdbc:postgresql:} URL
 * (production, pooled), and migrates the schema with Flyway from {@code db/migration}, which holds
 * SQL that runs unchanged on both. Every write is one transaction.
 *
 * <p>{@link dev.weft.trust.store.Database} and {@link dev.weft.trust.store.ConnectionString} are
 * public so that other components (the fabric controller) keep their state the same way, with their
 * own migrations and schema history table.
 */
package dev.weft.trust.store;
