/**
 * The agent's configuration file ({@code agent.yaml}): {@link dev.weft.agent.config.AgentConfig}
 * and one immutable record per section, read with line numbers and {@code WEFT_*} environment
 * overrides by {@link dev.weft.agent.config.AgentConfig#read}; every error is a {@link
 * dev.weft.agent.config.ConfigException} naming the file, line, key, value and what was expected.
 */
package dev.weft.agent.config;
