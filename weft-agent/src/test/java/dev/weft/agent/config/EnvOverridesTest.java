package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.config.AuthorizationConfig.DefaultPolicy;
import dev.weft.agent.config.AuthorizationConfig.Engine;
import dev.weft.agent.config.ServerConfig.CertSource;
import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.observability.ObservabilityConfig.LogFormat;
import dev.weft.agent.server.ServerLimits;
import dev.weft.config.LogLevel;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvOverridesTest extends AgentConfigTestBase {

  @Test
  void variablesWinOverTheFile() throws Exception {
    AgentConfig c =
        read(
            AgentConfigTest.SEED,
            Map.of(
                "WEFT_SERVER_PORT", "9443",
                "WEFT_IDENTITY_SPIFFE_ID", "spiffe://example.org/region/aws-us-east-1/other",
                "WEFT_AUTHORIZATION_OPA_URL", "https://opa.internal:8181",
                "WEFT_IDENTITY_ALLOWED_TRUST_DOMAINS", "a.example, b.example ,c.example",
                "WEFT_AGENT_REGISTRY_GCP_AGENT_ADDRESS", "https://gcp.example:9443",
                "WEFT_METADATA_REGION", "us-west-2",
                "WEFT_METADATA_OWNER", "platform",
                "WEFT_OBSERVABILITY_METRICS_LABELS_CLOUD", "aws2",
                "WEFT_LOG_LEVEL", "debug",
                "HOME", "/root"));

    assertThat(c.server().port()).isEqualTo(9443);
    assertThat(c.identity().spiffeId())
        .contains(SpiffeId.parse("spiffe://example.org/region/aws-us-east-1/other"));
    assertThat(c.authorization().opa().url()).contains(URI.create("https://opa.internal:8181"));
    assertThat(c.identity().allowedTrustDomains())
        .containsExactly(
            TrustDomain.parse("a.example"),
            TrustDomain.parse("b.example"),
            TrustDomain.parse("c.example"));
    assertThat(c.agentRegistry().get("gcp_agent").address())
        .isEqualTo(URI.create("https://gcp.example:9443"));
    assertThat(c.agentRegistry().get("gcp_agent").spiffeId())
        .isEqualTo(SpiffeId.parse("spiffe://example.org/region/gcp-us-central1/agent"));
    assertThat(c.metadata())
        .containsExactly(
            Map.entry("name", "AWS Agent"),
            Map.entry("cloud", "aws"),
            Map.entry("region", "us-west-2"),
            Map.entry("owner", "platform"));
    assertThat(c.observability().metrics().labels())
        .containsExactly(Map.entry("cloud", "aws2"), Map.entry("region", "us-east-1"));
    // Untouched keys keep the file's values.
    assertThat(c.server().host()).isEqualTo("0.0.0.0");
    assertThat(c.identity().trustDomain()).contains(TrustDomain.parse("example.org"));
  }

  @Test
  void everyKeyCanBeSetWithoutAFileValue() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("WEFT_PROFILE", "production");
    env.put("WEFT_IDENTITY_SPIFFE_ID", "spiffe://example.org/agent");
    env.put("WEFT_IDENTITY_WORKLOAD_API_SOCKET", "unix:///run/api.sock");
    env.put("WEFT_IDENTITY_TRUST_DOMAIN", "example.org");
    env.put("WEFT_IDENTITY_ALLOWED_TRUST_DOMAINS", "example.org");
    env.put("WEFT_AUTHORIZATION_ENGINE", "opa");
    env.put("WEFT_AUTHORIZATION_DEFAULT_POLICY", "deny_all");
    env.put("WEFT_AUTHORIZATION_DECISION_PATH", "a/b");
    env.put("WEFT_AUTHORIZATION_V0_COMPATIBLE", "true");
    env.put("WEFT_AUTHORIZATION_AUDIT_LOG", "audit.jsonl");
    env.put("WEFT_AUTHORIZATION_POLICY_PATHS", "");
    env.put("WEFT_AUTHORIZATION_EVAL_TIMEOUT", "100ms");
    env.put("WEFT_AUTHORIZATION_EVAL_MAX_STEPS", "2000");
    env.put("WEFT_AUTHORIZATION_OPA_ENABLED", "true");
    env.put("WEFT_AUTHORIZATION_OPA_URL", "http://opa:8181");
    env.put("WEFT_AUTHORIZATION_OPA_TIMEOUT", "250ms");
    env.put("WEFT_AUTHORIZATION_OPA_CONNECT_TIMEOUT", "PT0.5S");
    env.put("WEFT_AUTHORIZATION_OPA_CACHE_SIZE", "0");
    env.put("WEFT_AUTHORIZATION_OPA_CACHE_TTL", "1h");
    env.put("WEFT_SERVER_HOST", "127.0.0.1");
    env.put("WEFT_SERVER_PORT", "0");
    env.put("WEFT_SERVER_MTLS_ENABLED", "true");
    env.put("WEFT_SERVER_MTLS_CERT_SOURCE", "workload_api");
    env.put("WEFT_SERVER_ADVERTISE_ADDRESS", "https://agent.example:443");
    env.put("WEFT_SERVER_METRICS_PORT", "9090");
    env.put("WEFT_SERVER_LIMITS_MAX_REQUEST_BYTES", "1MiB");
    env.put("WEFT_SERVER_LIMITS_MAX_HEADER_BYTES", "8KiB");
    env.put("WEFT_SERVER_LIMITS_MAX_JSON_DEPTH", "10");
    env.put("WEFT_SERVER_LIMITS_MAX_JSON_STRING", "1000");
    env.put("WEFT_SERVER_LIMITS_MAX_CONNECTIONS", "20");
    env.put("WEFT_SERVER_LIMITS_MAX_CONCURRENT_CALLS", "5");
    env.put("WEFT_SERVER_LIMITS_HANDSHAKE_TIMEOUT", "1s");
    env.put("WEFT_SERVER_LIMITS_REQUEST_READ_TIMEOUT", "2s");
    env.put("WEFT_SERVER_LIMITS_IDLE_TIMEOUT", "3s");
    env.put("WEFT_OBSERVABILITY_LOGGING_LEVEL", "debug");
    env.put("WEFT_OBSERVABILITY_LOGGING_FORMAT", "json");
    env.put("WEFT_OBSERVABILITY_LOGGING_DEFAULT_FIELDS_CLOUD", "aws");
    env.put("WEFT_OBSERVABILITY_METRICS_ENABLED", "false");
    env.put("WEFT_OBSERVABILITY_TRACING_ENABLED", "true");
    env.put("WEFT_OBSERVABILITY_TRACING_SERVICE_NAME", "svc");
    env.put("WEFT_OBSERVABILITY_TRACING_OTLP_ENDPOINT", "http://collector:4317");
    env.put("WEFT_OBSERVABILITY_TRACING_SAMPLE_RATIO", "0.5");
    env.put("WEFT_AGENT_CLASS", "com.example.A");
    env.put("WEFT_AGENT_DEFAULT_CAPABILITY", "search");
    env.put("WEFT_FABRIC_NODE", "127.0.0.1:7401");
    env.put("WEFT_FABRIC_NAME", "example.org/agents/search");
    env.put("WEFT_FABRIC_EXPECT_NODE", "spiffe://example.org/fabric/node-a");
    assertThat(env.keySet())
        .containsAll(
            EnvOverrides.SCALARS.stream()
                .filter(k -> !k.equals("identity.spire_socket"))
                .map(EnvOverrides::variable)
                .toList());

    AgentConfig c = read("", env);

    assertThat(c.profile()).isEqualTo(Profile.PRODUCTION);
    assertThat(c.fabric())
        .contains(
            new FabricConfig(
                "127.0.0.1:7401",
                Optional.of(dev.weft.fabric.Name.parse("example.org/agents/search")),
                Optional.of(SpiffeId.parse("spiffe://example.org/fabric/node-a"))));
    assertThat(c.identity())
        .isEqualTo(
            new IdentityConfig(
                Optional.of(SpiffeId.parse("spiffe://example.org/agent")),
                Optional.of(Path.of("/run/api.sock")),
                Optional.of(TrustDomain.parse("example.org")),
                java.util.List.of(TrustDomain.parse("example.org"))));
    AuthorizationConfig a = c.authorization();
    assertThat(a.engine()).isEqualTo(Engine.OPA);
    assertThat(a.defaultPolicy()).isEqualTo(DefaultPolicy.DENY_ALL);
    assertThat(a.decisionPath().slashPath()).isEqualTo("a/b");
    assertThat(a.v0Compatible()).isTrue();
    assertThat(a.auditLog()).contains(dir.toAbsolutePath().resolve("audit.jsonl"));
    assertThat(a.policyPaths()).isEmpty();
    assertThat(a.evalLimits().timeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(a.evalLimits().maxSteps()).isEqualTo(2000);
    assertThat(a.opa())
        .isEqualTo(
            new AuthorizationConfig.Opa(
                true,
                Optional.of(URI.create("http://opa:8181")),
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                0,
                Duration.ofHours(1)));
    assertThat(c.server())
        .isEqualTo(
            new ServerConfig(
                "127.0.0.1",
                0,
                new ServerConfig.Mtls(true, CertSource.WORKLOAD_API),
                Optional.of(URI.create("https://agent.example:443")),
                OptionalInt.of(9090),
                new ServerLimits(
                    1 << 20,
                    8 << 10,
                    10,
                    1000,
                    20,
                    5,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(3))));
    assertThat(c.observability())
        .isEqualTo(
            new ObservabilityConfig(
                new ObservabilityConfig.Logging(
                    LogLevel.DEBUG, LogFormat.JSON, Map.of("cloud", "aws")),
                new ObservabilityConfig.Metrics(false, Map.of()),
                new ObservabilityConfig.Tracing(
                    true, "svc", Optional.of(URI.create("http://collector:4317")), 0.5)));
    assertThat(c.agent())
        .isEqualTo(new ImplementationConfig(Optional.of("com.example.A"), Optional.of("search")));
  }

  static Stream<Arguments> badVariables() {
    return Stream.of(
        Arguments.of(
            "a word for a port",
            AgentConfigTest.SEED,
            Map.of("WEFT_SERVER_PORT", "abc"),
            "WEFT_SERVER_PORT: \"abc\" (expected: an integer from 0 to 65535)"),
        Arguments.of(
            "a port over 65535",
            "",
            Map.of("WEFT_SERVER_PORT", "70000"),
            "WEFT_SERVER_PORT: \"70000\" (expected: an integer from 0 to 65535)"),
        Arguments.of(
            "an empty boolean",
            "",
            Map.of("WEFT_SERVER_MTLS_ENABLED", ""),
            "WEFT_SERVER_MTLS_ENABLED: \"\" (expected: true or false)"),
        Arguments.of(
            "a SPIFFE ID with an empty segment",
            "",
            Map.of("WEFT_IDENTITY_SPIFFE_ID", "spiffe://example.org/a//b"),
            "WEFT_IDENTITY_SPIFFE_ID: \"spiffe://example.org/a//b\" (expected: a SPIFFE ID such as"
                + " spiffe://example.org/agent; path segments may not be empty)"),
        Arguments.of(
            "an empty item of a list",
            "",
            Map.of("WEFT_IDENTITY_ALLOWED_TRUST_DOMAINS", "example.org,,b.org"),
            "WEFT_IDENTITY_ALLOWED_TRUST_DOMAINS: \"\" (expected: a trust domain such as"
                + " example.org)"),
        Arguments.of(
            "a SPIFFE ID outside the file's trust domain",
            "identity:\n  trust_domain: example.org\n",
            Map.of("WEFT_IDENTITY_SPIFFE_ID", "spiffe://other.org/agent"),
            "WEFT_IDENTITY_SPIFFE_ID: \"spiffe://other.org/agent\" (expected: an ID in trust"
                + " domain example.org, as identity.trust_domain says)"),
        Arguments.of(
            "allow_all in production",
            AgentConfigTest.SEED,
            Map.of("WEFT_PROFILE", "production", "WEFT_AUTHORIZATION_DEFAULT_POLICY", "allow_all"),
            "WEFT_AUTHORIZATION_DEFAULT_POLICY: \"allow_all\" (expected: deny_all when profile is"
                + " production)"),
        Arguments.of(
            "no trust domains in production",
            AgentConfigTest.SEED,
            Map.of("WEFT_PROFILE", "production", "WEFT_IDENTITY_ALLOWED_TRUST_DOMAINS", ""),
            "WEFT_IDENTITY_ALLOWED_TRUST_DOMAINS: an empty list (expected: at least one trust"
                + " domain when profile is production)"),
        Arguments.of(
            "a misspelt server variable",
            "",
            Map.of("WEFT_SERVER_PROT", "1"),
            "WEFT_SERVER_PROT: unknown setting (expected: one of WEFT_SERVER_ADVERTISE_ADDRESS,"
                + " WEFT_SERVER_HOST, WEFT_SERVER_LIMITS_HANDSHAKE_TIMEOUT,"
                + " WEFT_SERVER_LIMITS_IDLE_TIMEOUT, WEFT_SERVER_LIMITS_MAX_CONCURRENT_CALLS,"
                + " WEFT_SERVER_LIMITS_MAX_CONNECTIONS, WEFT_SERVER_LIMITS_MAX_HEADER_BYTES,"
                + " WEFT_SERVER_LIMITS_MAX_JSON_DEPTH, WEFT_SERVER_LIMITS_MAX_JSON_STRING,"
                + " WEFT_SERVER_LIMITS_MAX_REQUEST_BYTES, WEFT_SERVER_LIMITS_REQUEST_READ_TIMEOUT,"
                + " WEFT_SERVER_METRICS_PORT, WEFT_SERVER_MTLS_CERT_SOURCE, WEFT_SERVER_MTLS_ENABLED,"
                + " WEFT_SERVER_PORT)"),
        Arguments.of(
            "a registry entry the file does not name, none named",
            "",
            Map.of("WEFT_AGENT_REGISTRY_GCP_ADDRESS", "https://a"),
            "WEFT_AGENT_REGISTRY_GCP_ADDRESS: unknown setting (expected:"
                + " WEFT_AGENT_REGISTRY_<NAME>_<KEY> for an agent_registry entry named in the file,"
                + " KEY one of SPIFFE_ID, ADDRESS, GROUP)"),
        Arguments.of(
            "a registry entry the file does not name",
            AgentConfigTest.SEED,
            Map.of("WEFT_AGENT_REGISTRY_GCP_ADDRESS", "https://a"),
            "WEFT_AGENT_REGISTRY_GCP_ADDRESS: unknown setting (expected: one of"
                + " WEFT_AGENT_REGISTRY_AZURE_AGENT_ADDRESS, WEFT_AGENT_REGISTRY_AZURE_AGENT_GROUP,"
                + " WEFT_AGENT_REGISTRY_AZURE_AGENT_SPIFFE_ID, WEFT_AGENT_REGISTRY_GCP_AGENT_ADDRESS,"
                + " WEFT_AGENT_REGISTRY_GCP_AGENT_GROUP, WEFT_AGENT_REGISTRY_GCP_AGENT_SPIFFE_ID)"),
        Arguments.of(
            "a map variable without a name",
            "",
            Map.of("WEFT_METADATA_", "x"),
            "WEFT_METADATA_: unknown setting (expected: one of WEFT_METADATA_<NAME>)"),
        Arguments.of(
            "a misspelt map",
            "",
            Map.of("WEFT_OBSERVABILITY_METRICS_LABEL_A", "x"),
            "WEFT_OBSERVABILITY_METRICS_LABEL_A: unknown setting (expected: one of"
                + " WEFT_OBSERVABILITY_LOGGING_DEFAULT_FIELDS_<NAME>, WEFT_OBSERVABILITY_LOGGING_FORMAT,"
                + " WEFT_OBSERVABILITY_LOGGING_LEVEL, WEFT_OBSERVABILITY_METRICS_ENABLED,"
                + " WEFT_OBSERVABILITY_METRICS_LABELS_<NAME>, WEFT_OBSERVABILITY_TRACING_ENABLED,"
                + " WEFT_OBSERVABILITY_TRACING_OTLP_ENDPOINT, WEFT_OBSERVABILITY_TRACING_SAMPLE_RATIO,"
                + " WEFT_OBSERVABILITY_TRACING_SERVICE_NAME)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badVariables")
  void aBadVariableIsNamed(String what, String yaml, Map<String, String> env, String message)
      throws Exception {
    assertThat(error(yaml, env)).isEqualTo(message);
  }

  @Test
  void socketVariables() throws Exception {
    String file = "identity:\n  spire_socket: /from/file.sock\n";
    assertThat(
            read(file, Map.of("WEFT_IDENTITY_WORKLOAD_API_SOCKET", "/from/env.sock"))
                .identity()
                .workloadApiSocket())
        .contains(Path.of("/from/env.sock"));
    assertThat(
            read(file, Map.of("SPIFFE_ENDPOINT_SOCKET", "unix:///endpoint.sock"))
                .identity()
                .workloadApiSocket())
        .contains(Path.of("/from/file.sock"));
    assertThat(
            read("", Map.of("SPIFFE_ENDPOINT_SOCKET", "unix:///endpoint.sock"))
                .identity()
                .workloadApiSocket())
        .contains(Path.of("/endpoint.sock"));
    assertThat(error("", Map.of("SPIFFE_ENDPOINT_SOCKET", "tcp://127.0.0.1:1")))
        .isEqualTo(
            "SPIFFE_ENDPOINT_SOCKET: \"tcp://127.0.0.1:1\" (expected: a unix socket:"
                + " unix:///path or a path)");
    assertThat(
            error(
                "",
                Map.of(
                    "WEFT_IDENTITY_WORKLOAD_API_SOCKET",
                    "/a.sock",
                    "WEFT_IDENTITY_SPIRE_SOCKET",
                    "/b.sock")))
        .isEqualTo(
            "WEFT_IDENTITY_WORKLOAD_API_SOCKET: set together with"
                + " WEFT_IDENTITY_SPIRE_SOCKET (expected: only one of them)");
  }

  @Test
  void aKeyMissingFromASectionMadeByVariablesIsReportedAgainstTheFile() throws Exception {
    assertThat(
            error(
                "metadata: {}\n",
                Map.of(
                    "WEFT_PROFILE",
                    "production",
                    "WEFT_IDENTITY_SPIFFE_ID",
                    "spiffe://example.org/a")))
        .isEqualTo(
            "agent.yaml:1: identity.allowed_trust_domains: missing (expected: at least"
                + " one trust domain when profile is production)");
    assertThat(error("", Map.of("WEFT_AUTHORIZATION_ENGINE", "opa")))
        .isEqualTo(
            "agent.yaml:1: authorization.opa.url: missing (expected: an http or https URL"
                + " without user info, query or fragment, like http://opa.opa.svc.cluster.local:8181"
                + " (authorization.engine is opa))");
  }

  @Test
  void aFileErrorUnderAVariableIsStillReported() throws Exception {
    assertThat(error("server: 5\n", Map.of("WEFT_SERVER_PORT", "1")))
        .isEqualTo("agent.yaml:1: server: 5 (expected: a mapping)");
  }
}
