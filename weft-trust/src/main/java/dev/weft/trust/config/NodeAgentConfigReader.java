package dev.weft.trust.config;

import dev.weft.config.ConfigException;
import dev.weft.config.ConfigFile;
import dev.weft.config.LogLevel;
import dev.weft.config.Section;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps {@code agent.yaml} onto {@link NodeAgentConfig.Builder}, with file and line in every error.
 */
final class NodeAgentConfigReader {
  static final String[] AGENT_KEYS = {
    "trust_domain", "server_address", "server_port", "socket_path", "data_dir",
    "trust_bundle_path", "insecure_bootstrap", "join_token", "log_level", "limits",
  };

  private NodeAgentConfigReader() {}

  static NodeAgentConfig read(Path file) throws ConfigException {
    Section root = ConfigFile.read(file, "agent");
    root.mask("agent.join_token", token -> "***");
    Section s =
        root.section("agent")
            .orElseThrow(
                () ->
                    root.missing(
                        "agent",
                        "an agent block with trust_domain, server_address, socket_path and data_dir"));
    s.allow(AGENT_KEYS);
    NodeAgentConfig.Builder b = NodeAgentConfig.builder();
    Ids.trustDomain(s, "trust_domain").ifPresent(b::trustDomain);
    s.string("server_address", "the trust server's address, such as 127.0.0.1")
        .ifPresent(b::serverAddress);
    s.integer("server_port", 1, 65535).ifPresent(b::serverPort);
    s.path("socket_path", "a path for the Workload API socket").ifPresent(b::socketPath);
    s.path("data_dir", "a directory for the agent's state").ifPresent(b::dataDir);
    s.path("trust_bundle_path", "a PEM bundle file").ifPresent(b::trustBundlePath);
    s.bool("insecure_bootstrap").ifPresent(b::insecureBootstrap);
    s.string("join_token", "a join token").ifPresent(b::joinToken);
    s.choice("log_level", LogLevel.values(), LogLevel::configName).ifPresent(b::logLevel);
    Optional<Section> limits = s.section("limits");
    if (limits.isPresent()) {
      b.limits(ListenerLimits.read(limits.get(), "max_request_bytes", "max_header_bytes"));
    }
    root.throwFirst(b.problems());
    return b.build();
  }
}
