package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigErrorsTest extends AgentConfigTestBase {

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> AgentConfig.read(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": no such file (expected: an agent configuration file)");
  }

  @Test
  void badYamlNamesTheLine() throws Exception {
    assertThat(error("server:\n  port: 8443\n  host: [a, b\nmetadata: {}\n"))
        .isEqualTo("agent.yaml:4: not valid YAML: while parsing a flow sequence");
    assertThat(error("server:\n  port: 1\n  port: 2\n"))
        .isEqualTo("agent.yaml:3: server.port: duplicate key (expected: each key once; the"
            + " first is on line 2)");
    assertThat(error("a: 1\n---\nb: 2\n"))
        .isEqualTo("agent.yaml:3: a second YAML document (expected: one document)");
    assertThat(error("- server\n"))
        .isEqualTo("agent.yaml:1: top level: a list (expected: a mapping with keys agent,"
            + " agent_registry, authorization, identity, metadata, observability, profile,"
            + " server)");
  }

  @Test
  void unknownKeysNameTheAllowedOnes() throws Exception {
    assertThat(error("metadata: {}\nservers:\n  port: 1\n"))
        .isEqualTo("agent.yaml:2: servers: unknown key (expected one of: agent, agent_registry,"
            + " authorization, identity, metadata, observability, profile, server)");
    assertThat(error("server:\n  port: 8443\n  mtls:\n    enable: true\n"))
        .isEqualTo("agent.yaml:4: server.mtls.enable: unknown key (expected one of:"
            + " cert_source, enabled)");
    assertThat(error("authorization:\n  policy_path: x\n"))
        .isEqualTo("agent.yaml:2: authorization.policy_path: unknown key (expected one of:"
            + " audit_log, decision_path, default_policy, engine, eval_max_steps, eval_timeout,"
            + " opa, policy_paths, v0_compatible)");
    assertThat(error("agent_registry:\n  a:\n    spiffe_id: spiffe://x/y\n    url: https://a\n"))
        .isEqualTo("agent.yaml:4: agent_registry.a.url: unknown key (expected one of: address,"
            + " group, spiffe_id)");
    assertThat(error("observability:\n  tracing:\n    ratio: 1\n"))
        .isEqualTo("agent.yaml:3: observability.tracing.ratio: unknown key (expected one of:"
            + " enabled, otlp_endpoint, sample_ratio, service_name)");
  }

  @Test
  void wrongTypes() throws Exception {
    assertThat(error("server: 5\n"))
        .isEqualTo("agent.yaml:1: server: 5 (expected: a mapping)");
    assertThat(error("server:\n  port: [1, 2]\n"))
        .isEqualTo("agent.yaml:2: server.port: a list (expected: an integer 0..65535)");
    assertThat(error("server:\n  port: \"eighty\"\n"))
        .isEqualTo("agent.yaml:2: server.port: \"eighty\" (expected: an integer 0..65535)");
    assertThat(error("server:\n  mtls:\n    enabled: yes please\n"))
        .isEqualTo("agent.yaml:3: server.mtls.enabled: \"yes please\" (expected: true or false)");
    assertThat(error("identity:\n  allowed_trust_domains: example.org\n"))
        .isEqualTo("agent.yaml:2: identity.allowed_trust_domains: \"example.org\" (expected: a"
            + " list of trust domains)");
    assertThat(error("identity:\n  allowed_trust_domains:\n    - {a: 1}\n"))
        .isEqualTo("agent.yaml:3: identity.allowed_trust_domains[0]: a mapping (expected: a"
            + " trust domain such as example.org)");
    assertThat(error("metadata:\n  name: {first: a}\n"))
        .isEqualTo("agent.yaml:2: metadata.name: a mapping (expected: a string)");
    assertThat(error("authorization:\n  engine: cedar\n"))
        .isEqualTo("agent.yaml:2: authorization.engine: \"cedar\" (expected: one of rego, opa)");
    assertThat(error("authorization:\n  opa:\n    timeout: 0s\n"))
        .isEqualTo("agent.yaml:3: authorization.opa.timeout: \"0s\" (expected: a duration such"
            + " as 2s, 500ms, 1m or PT1S, > 0)");
    assertThat(error("authorization:\n  eval_timeout: -1s\n"))
        .isEqualTo("agent.yaml:2: authorization.eval_timeout: \"-1s\" (expected: a duration"
            + " such as 2s, 500ms, 1m or PT1S, > 0)");
    assertThat(error("authorization:\n  eval_timeout: 2500h\n"))
        .isEqualTo("agent.yaml:2: authorization.eval_timeout: \"2500h\" (expected: a duration"
            + " such as 250ms or 1s, > 0 and at most 100 days)");
    assertThat(error("authorization:\n  eval_max_steps: 0\n"))
        .isEqualTo("agent.yaml:2: authorization.eval_max_steps: 0 (expected: 1..2147483647)");
    assertThat(error("observability:\n  logging:\n    level: loud\n"))
        .isEqualTo("agent.yaml:3: observability.logging.level: \"loud\" (expected: one of"
            + " trace, debug, info, warn, error)");
    assertThat(error("observability:\n  tracing:\n    sample_ratio: 1.5\n"))
        .isEqualTo("agent.yaml:3: observability.tracing.sample_ratio: 1.5 (expected: a number"
            + " from 0.0 to 1.0)");
    assertThat(error("profile: staging\n"))
        .isEqualTo("agent.yaml:1: profile: \"staging\" (expected: one of development,"
            + " production)");
    assertThat(error("agent:\n  class: com.example.\n"))
        .isEqualTo("agent.yaml:2: agent.class: \"com.example.\" (expected: a fully qualified"
            + " class name such as com.example.MyAgent)");
  }

  @Test
  void portsOutOfRange() throws Exception {
    assertThat(error("metadata: {}\nserver:\n  host: 0.0.0.0\n  port: 70000\n"))
        .isEqualTo("agent.yaml:4: server.port: 70000 (expected: 0..65535)");
    assertThat(error("server:\n  metrics_port: -1\n"))
        .isEqualTo("agent.yaml:2: server.metrics_port: -1 (expected: 0..65535)");
  }

  @Test
  void badSpiffeIdsAndTrustDomains() throws Exception {
    assertThat(error("identity:\n  spiffe_id: \"spiffe://example.org/\"\n"))
        .isEqualTo("agent.yaml:2: identity.spiffe_id: invalid SPIFFE ID"
            + " \"spiffe://example.org/\": path may not end with '/'");
    assertThat(error("identity:\n  trust_domain: Example.org\n"))
        .isEqualTo("agent.yaml:2: identity.trust_domain: invalid trust domain \"Example.org\":"
            + " trust domain may contain only lowercase letters, digits, '.', '-' and '_'");
    assertThat(error("identity:\n  allowed_trust_domains:\n    - example.org\n    - a b\n"))
        .isEqualTo("agent.yaml:4: identity.allowed_trust_domains[1]: invalid trust domain"
            + " \"a b\": trust domain may contain only lowercase letters, digits, '.', '-' and"
            + " '_'");
    assertThat(error("agent_registry:\n  a:\n    spiffe_id: http://example.org/a\n"
        + "    address: https://a.example.org\n"))
        .isEqualTo("agent.yaml:3: agent_registry.a.spiffe_id: invalid SPIFFE ID"
            + " \"http://example.org/a\": scheme must be \"spiffe\" (expected:"
            + " spiffe://<trust-domain>/<path>)");
  }

  @Test
  void spiffeIdMustBeInTheTrustDomain() throws Exception {
    assertThat(error("identity:\n  spiffe_id: spiffe://other.org/agent\n"
        + "  trust_domain: example.org\n"))
        .isEqualTo("agent.yaml:2: identity.spiffe_id: \"spiffe://other.org/agent\" (expected:"
            + " an ID in trust domain example.org, as identity.trust_domain says)");
  }

  @Test
  void registryEntries() throws Exception {
    assertThat(error("agent_registry:\n  a:\n    spiffe_id: spiffe://x/a\n"
        + "    address: http://a.example.org:8443\n"))
        .isEqualTo("agent.yaml:4: agent_registry.a.address: \"http://a.example.org:8443\""
            + " (expected: an https URI without user info, query or fragment, such as"
            + " https://agent.example.org:8443)");
    assertThat(error("agent_registry:\n  a:\n    spiffe_id: spiffe://x/a\n"))
        .isEqualTo("agent.yaml:2: agent_registry.a.address: missing (expected: an https URI"
            + " without user info, query or fragment, such as https://agent.example.org:8443)");
    assertThat(error("agent_registry:\n  a:\n    address: https://a\n"))
        .isEqualTo("agent.yaml:2: agent_registry.a.spiffe_id: missing (expected: the SPIFFE ID"
            + " the agent presents)");
    assertThat(error("agent_registry:\n  gcp-agent:\n    spiffe_id: spiffe://x/a\n"))
        .isEqualTo("agent.yaml:2: agent_registry: \"gcp-agent\" (expected: an entry name: a"
            + " letter or _, then letters, digits or _)");
    assertThat(error("agent_registry:\n  gcp:\n    spiffe_id: spiffe://x/a\n"
        + "    address: https://a\n  GCP:\n    spiffe_id: spiffe://x/b\n"))
        .isEqualTo("agent.yaml:5: agent_registry: \"GCP\" (expected: a name unique ignoring"
            + " case; \"gcp\" is on line 2)");
    assertThat(error("agent_registry:\n  a: https://a\n"))
        .isEqualTo("agent.yaml:2: agent_registry.a: \"https://a\" (expected: a mapping)");
  }

  @Test
  void serverAddresses() throws Exception {
    assertThat(error("server:\n  advertise_address: http://a.example.org:8443\n"))
        .isEqualTo("agent.yaml:2: server.advertise_address: \"http://a.example.org:8443\""
            + " (expected: host:port or an https URI, such as aws-agent.example.org:8443)");
    assertThat(error("server:\n  host: \"http://0.0.0.0\"\n"))
        .isEqualTo("agent.yaml:2: server.host: \"http://0.0.0.0\" (expected: a host name or IP"
            + " address to bind, such as 0.0.0.0)");
  }

  @Test
  void opaSettings() throws Exception {
    assertThat(error("authorization:\n  engine: opa\n"))
        .isEqualTo("agent.yaml:1: authorization.opa.url: missing (expected: an http or https URL"
            + " without user info, query or fragment, like http://opa.opa.svc.cluster.local:8181"
            + " (authorization.engine is opa))");
    assertThat(error("authorization:\n  engine: opa\n  opa:\n    enabled: false\n"))
        .isEqualTo("agent.yaml:4: authorization.opa.enabled: false (expected: true when"
            + " authorization.engine is opa)");
    assertThat(error("authorization:\n  engine: rego\n  opa:\n    enabled: true\n"
        + "    url: http://opa:8181\n"))
        .isEqualTo("agent.yaml:4: authorization.opa.enabled: true (expected: false unless"
            + " authorization.engine is opa)");
    assertThat(error("authorization:\n  engine: opa\n  opa:\n    url: opa:8181\n"))
        .isEqualTo("agent.yaml:4: authorization.opa.url: \"opa:8181\" (expected: an http or"
            + " https URL without user info, query or fragment, like"
            + " http://opa.opa.svc.cluster.local:8181)");
    assertThat(error("authorization:\n  engine: opa\n  opa:\n    url: http://u:secret@opa\n"))
        .isEqualTo("agent.yaml:4: authorization.opa.url: (with user info, not shown) (expected:"
            + " an http or https URL without user info, query or fragment, like"
            + " http://opa.opa.svc.cluster.local:8181)")
        .doesNotContain("secret");
    assertThat(error("authorization:\n  decision_path: \"a//b\"\n"))
        .isEqualTo("agent.yaml:2: authorization.decision_path: \"a//b\" (expected: names of"
            + " letters, digits, _ or - separated by /, like agentweave/authz/federated/allow)");
  }

  @Test
  void productionRefusals() throws Exception {
    String ok = "profile: production\nidentity:\n  allowed_trust_domains: [example.org]\n";
    assertThat(read(ok).profile()).isEqualTo(Profile.PRODUCTION);
    assertThat(error(ok + "authorization:\n  default_policy: allow_all\n"))
        .isEqualTo("agent.yaml:5: authorization.default_policy: \"allow_all\" (expected:"
            + " deny_all when profile is production)");
    assertThat(error("profile: production\nidentity:\n  allowed_trust_domains: []\n"))
        .isEqualTo("agent.yaml:3: identity.allowed_trust_domains: an empty list (expected: at"
            + " least one trust domain when profile is production)");
    assertThat(error("profile: production\nidentity:\n  trust_domain: example.org\n"))
        .isEqualTo("agent.yaml:2: identity.allowed_trust_domains: missing (expected: at least"
            + " one trust domain when profile is production)");
    assertThat(error("profile: production\n"))
        .isEqualTo("agent.yaml:1: identity.allowed_trust_domains: missing (expected: at least"
            + " one trust domain when profile is production)");
  }
}
