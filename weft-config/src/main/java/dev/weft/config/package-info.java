/**
 * Reading Weft's configuration files, the same way for every component: the trust server's {@code
 * server.yaml}, the node agent's {@code agent.yaml} and an agent's {@code agent.yaml} all open with
 * {@link dev.weft.config.ConfigFile#read} and are read through {@link dev.weft.config.Section}'s
 * typed getters. A component's reader builds its domain types with the code that will use them
 * ({@link dev.weft.config.Section#value}), so that a value the reader accepts is one the component
 * accepts.
 *
 * <h2>Files</h2>
 *
 * At most 1 MiB of UTF-8, one YAML (or JSON) document, a mapping at the top; a key written twice in
 * one mapping, and a key the reader does not know, are errors. Relative paths resolve against the
 * file's directory. Components that take environment overrides declare them with {@link
 * dev.weft.config.EnvironmentOverrides}.
 *
 * <h2>Errors</h2>
 *
 * Every error is a {@link dev.weft.config.ConfigException} in one format: {@code <file>:<line>:
 * <dotted.key>: <value> (expected: <what would be right>)}, the value shown as written (text
 * quoted, secrets masked), or {@code <VARIABLE>: "<value>" (expected: ...)} for an environment
 * override. Rules between keys found after reading are {@link dev.weft.config.Problem}s, reported
 * at the line of their key the same way.
 *
 * <h2>Durations</h2>
 *
 * One grammar ({@link dev.weft.config.Durations}) for files and command-line flags:
 *
 * <ul>
 *   <li>Go-style parts, each a number and a unit {@code h}, {@code m}, {@code s} or {@code ms}:
 *       {@code 24h}, {@code 30m}, {@code 90s}, {@code 500ms}, {@code 1h30m}, {@code 1m30s500ms};
 *   <li>{@code 0};
 *   <li>ISO-8601, as {@link java.time.Duration#parse} takes it: {@code PT1H}, {@code PT0.5S},
 *       {@code P1D}.
 * </ul>
 *
 * No other unit ({@code 1d}), no fraction ({@code 1.5h}), no space ({@code 5 m}), no bare number
 * other than 0 (is {@code 24} hours or seconds?). Each key or flag has its own bounds, written in
 * its message: configuration durations are all {@code > 0}.
 *
 * <h2>Sizes</h2>
 *
 * One grammar ({@link dev.weft.config.Sizes}): a number of bytes ({@code 16384}), or a number and
 * {@code KiB}, {@code MiB} or {@code GiB}, powers of 1024 ({@code 16KiB}, {@code 4MiB}), each key
 * with its own bounds.
 *
 * <h2>Log levels</h2>
 *
 * One type, {@link dev.weft.config.LogLevel}: {@code trace}, {@code debug}, {@code info}, {@code
 * warn}, {@code error}, in any case.
 */
package dev.weft.config;
