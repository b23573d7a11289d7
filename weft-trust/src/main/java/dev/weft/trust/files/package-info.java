/**
 * Files written whole or not at all: atomic replacement with fsync of the file and its directory
 * ({@link dev.weft.trust.files.AtomicFiles}). Public so that {@code weft} writes the SVIDs, keys
 * and port files it hands to other processes the way the trust server and node agent write theirs.
 */
package dev.weft.trust.files;
