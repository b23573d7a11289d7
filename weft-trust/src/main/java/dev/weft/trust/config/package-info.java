/**
 * Configuration of the trust server ({@link dev.weft.trust.config.ServerConfig}, from {@code
 * server.yaml}) and the node agent ({@link dev.weft.trust.config.NodeAgentConfig}, from {@code
 * agent.yaml}), with SPIRE's key names. Config types are immutable records with builders; a file
 * maps onto the same builder, so files and code obey the same rules. Files are read with {@code
 * weft-config} ({@link dev.weft.config}): its duration and size grammars, its log levels and its
 * one error format, {@code <file>:<line>: <dotted.key>: <value> (expected: ...)}. Values the
 * components parse are built here as the domain types they use ({@link dev.weft.trust.ca.KeyType},
 * {@link dev.weft.trust.ca.CaSubject}, trust domains, federation relationships), so that a file
 * that loads is one the server can start with.
 *
 * <p>Relative paths resolve against the file's directory, except a SQLite {@code
 * connection_string}, which is relative to {@code data_dir}.
 *
 * <p>Extending: a new block under {@code server} adds its key to {@code
 * ServerConfigReader.SERVER_KEYS}, a reading step there, a small record here and a component of
 * {@code ServerConfig}.
 */
package dev.weft.trust.config;
