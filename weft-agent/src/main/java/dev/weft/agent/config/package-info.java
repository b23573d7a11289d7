/**
 * The agent's configuration file ({@code agent.yaml}): {@link dev.weft.agent.config.AgentConfig}
 * and one immutable record per section, read by {@link dev.weft.agent.config.AgentConfig#read} with
 * weft-config ({@link dev.weft.config}): line numbers, {@code WEFT_*} environment overrides, one
 * duration, size and log-level grammar, and every error a {@link dev.weft.config.ConfigException}
 * naming the file, line, key, value and what was expected. Values other components parse (SPIFFE
 * IDs, trust domains, decision paths, URLs) are built here as the types those components use.
 */
package dev.weft.agent.config;
