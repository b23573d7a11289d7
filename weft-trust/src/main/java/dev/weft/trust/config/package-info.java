/**
 * Configuration of the trust server ({@link dev.weft.trust.config.ServerConfig}, from
 * {@code server.yaml}) and the node agent ({@link dev.weft.trust.config.AgentConfig}, from
 * {@code agent.yaml}), with SPIRE's key names. Config types are immutable records with
 * builders; a file maps onto the same builder, so files and code obey the same rules. Every
 * error in a file names it as {@code <file>:<line>: <dotted.key>: <problem> (expected: ...)}.
 *
 * <p>Durations are written {@code 24h}, {@code 30m}, {@code 90s}, {@code 1h30m}, {@code 500ms}
 * or ISO-8601 ({@code PT1H}). Relative paths resolve against the file's directory, except a
 * SQLite {@code connection_string}, which is relative to {@code data_dir}.
 *
 * <p>Extending: a new block (such as the coming {@code federation:} block under {@code server})
 * adds its key to {@code ServerConfigReader.SERVER_KEYS}, a reading step there, a small record
 * here and a component of {@code ServerConfig}.
 */
package dev.weft.trust.config;
