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
import dev.weft.policy.DecisionPath;
import dev.weft.policy.opa.OpaConfig;
import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.RegoVersion;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AgentConfigTest extends AgentConfigTestBase {
  /** Seed 001's AWS agent configuration, plus the keys the seed leaves to defaults. */
  static final String SEED =
      """
      identity:
        spiffe_id: "spiffe://example.org/region/aws-us-east-1/agent"
        spire_socket: "/run/spire/sockets/agent.sock"
        trust_domain: "example.org"
        allowed_trust_domains: ["example.org", "partner.example"]

      authorization:
        engine: "opa"
        default_policy: "deny_all"
        decision_path: "agentweave/authz/federated/allow"
        audit_log: "logs/decisions.jsonl"
        opa:
          enabled: true
          url: "http://opa.opa.svc.cluster.local:8181"
          timeout: 3s
          cache_size: 500
          cache_ttl: 1m

      server:
        host: "0.0.0.0"
        port: 8443
        mtls:
          enabled: true
          cert_source: "spire"

        # Advertise address for cross-cloud communication
        advertise_address: "aws-agent.tailnet-name.ts.net:8443"
        metrics_port: 9090

      # Registry of agents in other clouds
      agent_registry:
        gcp_agent:
          spiffe_id: "spiffe://example.org/region/gcp-us-central1/agent"
          address: "https://gcp-agent.tailnet-name.ts.net:8443"
          group: "search"
        azure_agent:
          spiffe_id: "spiffe://example.org/region/azure-eastus/agent"
          address: "https://azure-agent.tailnet-name.ts.net:8443"

      observability:
        logging:
          level: "INFO"
          format: "json"
          default_fields:
            cloud: "aws"
            region: "us-east-1"
        metrics:
          enabled: true
          labels:
            cloud: "aws"
            region: "us-east-1"
        tracing:
          enabled: true
          service_name: "aws-agent"
          otlp_endpoint: "http://otel-collector:4317"
          sample_ratio: 0.25

      metadata:
        name: "AWS Agent"
        cloud: "aws"
        region: "us-east-1"

      agent:
        class: "com.example.agents.SearchAgent$Impl"
        default_capability: "search"
      """;

  @Test
  void seedConfigParsesToItsValues() throws Exception {
    AgentConfig c = read(SEED);

    assertThat(c.profile()).isEqualTo(Profile.DEVELOPMENT);
    IdentityConfig id = c.identity();
    assertThat(id.spiffeId())
        .contains(SpiffeId.parse("spiffe://example.org/region/aws-us-east-1/agent"));
    assertThat(id.workloadApiSocket()).contains(Path.of("/run/spire/sockets/agent.sock"));
    assertThat(id.trustDomain()).contains(TrustDomain.parse("example.org"));
    assertThat(id.allowedTrustDomains())
        .containsExactly(TrustDomain.parse("example.org"), TrustDomain.parse("partner.example"));

    AuthorizationConfig a = c.authorization();
    assertThat(a.engine()).isEqualTo(Engine.OPA);
    assertThat(a.defaultPolicy()).isEqualTo(DefaultPolicy.DENY_ALL);
    assertThat(a.policyPaths()).isEmpty();
    assertThat(a.decisionPath()).isEqualTo(DecisionPath.parse("agentweave/authz/federated/allow"));
    assertThat(a.v0Compatible()).isFalse();
    assertThat(a.regoVersion()).isEqualTo(RegoVersion.V1);
    assertThat(a.auditLog()).contains(dir.toAbsolutePath().resolve("logs/decisions.jsonl"));
    assertThat(a.opa())
        .isEqualTo(
            new AuthorizationConfig.Opa(
                true,
                Optional.of(URI.create("http://opa.opa.svc.cluster.local:8181")),
                Duration.ofSeconds(3),
                Duration.ofSeconds(1),
                500,
                Duration.ofMinutes(1)));
    assertThat(a.opaConfig())
        .contains(
            new OpaConfig(
                URI.create("http://opa.opa.svc.cluster.local:8181"),
                DecisionPath.parse("agentweave/authz/federated/allow"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                500,
                Duration.ofMinutes(1),
                null));

    assertThat(c.server())
        .isEqualTo(
            new ServerConfig(
                "0.0.0.0",
                8443,
                new ServerConfig.Mtls(true, CertSource.SPIRE),
                Optional.of(URI.create("https://aws-agent.tailnet-name.ts.net:8443")),
                OptionalInt.of(9090),
                ServerLimits.defaults()));

    assertThat(c.agentRegistry()).containsOnlyKeys("gcp_agent", "azure_agent");
    assertThat(c.agentRegistry().keySet()).containsExactly("gcp_agent", "azure_agent");
    assertThat(c.agentRegistry().get("gcp_agent"))
        .isEqualTo(
            new PeerConfig(
                "gcp_agent",
                SpiffeId.parse("spiffe://example.org/region/gcp-us-central1/agent"),
                URI.create("https://gcp-agent.tailnet-name.ts.net:8443"),
                Optional.of("search")));
    assertThat(c.agentRegistry().get("azure_agent").group()).isEmpty();

    ObservabilityConfig o = c.observability();
    assertThat(o.logging().level()).isEqualTo(LogLevel.INFO);
    assertThat(o.logging().format()).isEqualTo(LogFormat.JSON);
    assertThat(o.logging().defaultFields())
        .containsExactly(Map.entry("cloud", "aws"), Map.entry("region", "us-east-1"));
    assertThat(o.metrics().enabled()).isTrue();
    assertThat(o.metrics().labels())
        .containsExactly(Map.entry("cloud", "aws"), Map.entry("region", "us-east-1"));
    assertThat(o.tracing())
        .isEqualTo(
            new ObservabilityConfig.Tracing(
                true, "aws-agent", Optional.of(URI.create("http://otel-collector:4317")), 0.25));

    assertThat(c.metadata())
        .containsExactly(
            Map.entry("name", "AWS Agent"),
            Map.entry("cloud", "aws"),
            Map.entry("region", "us-east-1"));
    assertThat(c.agent())
        .isEqualTo(
            new ImplementationConfig(
                Optional.of("com.example.agents.SearchAgent$Impl"), Optional.of("search")));
  }

  @Test
  void seedConfigIsAcceptedInTheProductionProfile() throws Exception {
    assertThat(read("profile: production\n" + SEED).profile()).isEqualTo(Profile.PRODUCTION);
  }

  @Test
  void missingSectionsTakeTheirDefaults() throws Exception {
    AgentConfig c = read("");

    assertThat(c.profile()).isEqualTo(Profile.DEVELOPMENT);
    assertThat(c.identity())
        .isEqualTo(
            new IdentityConfig(Optional.empty(), Optional.empty(), Optional.empty(), List.of()));
    AuthorizationConfig a = c.authorization();
    assertThat(a)
        .isEqualTo(
            new AuthorizationConfig(
                Engine.REGO,
                DefaultPolicy.DENY_ALL,
                List.of(),
                DecisionPath.parse("agentweave/authz/federated/allow"),
                false,
                Optional.empty(),
                new AuthorizationConfig.Opa(
                    false,
                    Optional.empty(),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    10_000,
                    Duration.ofSeconds(5)),
                EvalLimits.DECISION));
    assertThat(a.opaConfig()).isEmpty();
    assertThat(c.server())
        .isEqualTo(
            new ServerConfig(
                "0.0.0.0",
                8443,
                new ServerConfig.Mtls(true, CertSource.SPIRE),
                Optional.empty(),
                OptionalInt.empty(),
                ServerLimits.defaults()));
    assertThat(c.agentRegistry()).isEmpty();
    assertThat(c.observability())
        .isEqualTo(
            new ObservabilityConfig(
                new ObservabilityConfig.Logging(LogLevel.INFO, LogFormat.TEXT, Map.of()),
                new ObservabilityConfig.Metrics(true, Map.of()),
                new ObservabilityConfig.Tracing(false, "weft-agent", Optional.empty(), 1.0)));
    assertThat(c.metadata()).isEmpty();
    assertThat(c.agent()).isEqualTo(new ImplementationConfig(Optional.empty(), Optional.empty()));
  }

  @Test
  void emptySectionsTakeTheirDefaults() throws Exception {
    assertThat(read("identity:\nserver:\nauthorization:\nobservability:\n")).isEqualTo(read("{}"));
  }

  @Test
  void smallerDefaultsFollowOtherKeys() throws Exception {
    AgentConfig c =
        read(
            """
        identity:
          spiffe_id: "spiffe://example.org/agent"
        metadata:
          name: "Search"
        """);

    assertThat(c.identity().trustDomain()).contains(TrustDomain.parse("example.org"));
    assertThat(c.observability().tracing().serviceName()).isEqualTo("Search");
  }

  @Test
  void socketIsUnixUriOrPathUnderEitherName() throws Exception {
    assertThat(
            read("identity:\n  workload_api_socket: unix:///run/agent.sock\n")
                .identity()
                .workloadApiSocket())
        .contains(Path.of("/run/agent.sock"));
    assertThat(
            read("identity:\n  spire_socket: unix:/run/agent.sock\n")
                .identity()
                .workloadApiSocket())
        .contains(Path.of("/run/agent.sock"));
    assertThat(
            read("identity:\n  workload_api_socket: sockets/api.sock\n")
                .identity()
                .workloadApiSocket())
        .contains(dir.toAbsolutePath().resolve("sockets/api.sock"));
    assertThat(error("identity:\n  workload_api_socket: tcp://127.0.0.1:8081\n"))
        .isEqualTo(
            "agent.yaml:2: identity.workload_api_socket: \"tcp://127.0.0.1:8081\""
                + " (expected: a unix socket: unix:///path or a path)");
    assertThat(error("identity:\n  spire_socket: unix://host/agent.sock\n"))
        .isEqualTo(
            "agent.yaml:2: identity.spire_socket: \"unix://host/agent.sock\""
                + " (expected: a unix socket: unix:///path or a path)");
    assertThat(error("identity:\n  spire_socket: /a.sock\n  workload_api_socket: /b.sock\n"))
        .isEqualTo(
            "agent.yaml:3: identity.workload_api_socket: set together with"
                + " identity.spire_socket (expected: only one of them)");
  }

  @Test
  void policyPathsResolveAgainstTheFileAndMustExist() throws Exception {
    Files.createDirectories(dir.resolve("policies"));
    Files.writeString(
        dir.resolve("policies/authz.rego"),
        """
        package agentweave.authz.federated
        default allow := false
        """);
    AgentConfig c =
        read(
            """
        authorization:
          policy_paths: ["policies", "policies/authz.rego"]
          v0_compatible: true
          eval_timeout: 40ms
          eval_max_steps: 5000
        """);

    assertThat(c.authorization().policyPaths())
        .containsExactly(
            dir.toAbsolutePath().resolve("policies"),
            dir.toAbsolutePath().resolve("policies/authz.rego"));
    assertThat(c.authorization().regoVersion()).isEqualTo(RegoVersion.V0);
    assertThat(c.authorization().evalLimits().timeout()).isEqualTo(Duration.ofMillis(40));
    assertThat(c.authorization().evalLimits().maxSteps()).isEqualTo(5_000);
    assertThat(c.authorization().loadPolicy().modules()).hasSize(1);

    assertThat(error("authorization:\n  policy_paths:\n    - policies\n    - missing.rego\n"))
        .isEqualTo(
            "agent.yaml:4: authorization.policy_paths[1]: \"missing.rego\" (expected: an"
                + " existing policy file or directory; "
                + dir.toAbsolutePath().resolve("missing.rego")
                + " does not exist)");
  }

  @Test
  void opaEnabledAloneChoosesTheOpaEngineAsSeed001Writes() throws Exception {
    AgentConfig c =
        read("authorization:\n  opa:\n    enabled: true\n" + "    url: \"http://opa:8181\"\n");

    assertThat(c.authorization().engine()).isEqualTo(AuthorizationConfig.Engine.OPA);
    assertThat(c.authorization().opaConfig()).isPresent();
  }

  @Test
  void engineOpaAloneIsEnoughAsDocsAgentsMdShows() throws Exception {
    AgentConfig c =
        read(
            "authorization:\n  engine: \"opa\"\n  opa:\n"
                + "    url: \"http://opa:8181\"\n    timeout: 2s\n");

    assertThat(c.authorization().engine()).isEqualTo(AuthorizationConfig.Engine.OPA);
    assertThat(c.authorization().opa().enabled()).isTrue();
  }
}
