package dev.weft.agent.config;

import dev.weft.config.EnvironmentOverrides;
import java.util.List;

/**
 * The {@code WEFT_*} environment variables an agent's file takes (see {@link AgentConfig#read} for
 * the rules), applied by weft-config before the file is read, so that an override is checked
 * exactly as the file's value would be.
 */
final class EnvOverrides {
  static final String PREFIX = "WEFT_";
  static final String SPIFFE_ENDPOINT_SOCKET = "SPIFFE_ENDPOINT_SOCKET";

  /** Every scalar key, dotted. */
  static final List<String> SCALARS =
      List.of(
          "profile",
          "identity.spiffe_id",
          "identity.spire_socket",
          "identity.workload_api_socket",
          "identity.trust_domain",
          "authorization.engine",
          "authorization.default_policy",
          "authorization.decision_path",
          "authorization.v0_compatible",
          "authorization.audit_log",
          "authorization.eval_timeout",
          "authorization.eval_max_steps",
          "authorization.opa.enabled",
          "authorization.opa.url",
          "authorization.opa.timeout",
          "authorization.opa.connect_timeout",
          "authorization.opa.cache_size",
          "authorization.opa.cache_ttl",
          "server.host",
          "server.port",
          "server.mtls.enabled",
          "server.mtls.cert_source",
          "server.advertise_address",
          "server.metrics_port",
          "server.limits.max_request_bytes",
          "server.limits.max_header_bytes",
          "server.limits.max_json_depth",
          "server.limits.max_json_string",
          "server.limits.max_connections",
          "server.limits.max_concurrent_calls",
          "server.limits.handshake_timeout",
          "server.limits.request_read_timeout",
          "server.limits.idle_timeout",
          "observability.logging.level",
          "observability.logging.format",
          "observability.metrics.enabled",
          "observability.tracing.enabled",
          "observability.tracing.service_name",
          "observability.tracing.otlp_endpoint",
          "observability.tracing.sample_ratio",
          "agent.class",
          "agent.default_capability",
          "fabric.node",
          "fabric.name",
          "fabric.expect_node");

  /** Keys holding a list; their variables take comma-separated values. */
  static final List<String> LISTS =
      List.of("identity.allowed_trust_domains", "authorization.policy_paths");

  /** Keys holding a free map of strings; {@code <VAR>_<NAME>} sets entry {@code name}. */
  static final List<String> MAPS =
      List.of("observability.logging.default_fields", "observability.metrics.labels", "metadata");

  /** Keys of an {@code agent_registry} entry. */
  static final List<String> PEER_KEYS = List.of("spiffe_id", "address", "group");

  static final EnvironmentOverrides RULES =
      EnvironmentOverrides.builder(PREFIX)
          .scalars(SCALARS)
          .lists(LISTS)
          .maps(MAPS)
          .entries("agent_registry", PEER_KEYS)
          .exclusive(List.of("identity.spire_socket", "identity.workload_api_socket"))
          .fallback(SPIFFE_ENDPOINT_SOCKET, "identity.workload_api_socket")
          .build();

  private EnvOverrides() {}

  /** The variable that overrides {@code dottedKey}. */
  static String variable(String dottedKey) {
    return RULES.variable(dottedKey);
  }
}
