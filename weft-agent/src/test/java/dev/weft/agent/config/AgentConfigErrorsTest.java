package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad agent.yaml is refused with {@code agent.yaml:<line>: <key>: <value> (expected: ...)}:
 * one named case each, so that each is reported on its own.
 */
class AgentConfigErrorsTest extends AgentConfigTestBase {
  static final String TOP_KEYS =
      "agent, agent_registry, authorization, fabric, identity, metadata,"
          + " observability, profile, server";
  static final String DURATION = "a duration such as 24h, 30m, 90s, 1h30m, 500ms or PT1H, > 0";
  static final String OPA_URL =
      "an http or https URL without user info, query or fragment, like"
          + " http://opa.opa.svc.cluster.local:8181";
  static final String ADDRESS =
      "an https URI without user info, query or fragment, such as"
          + " https://agent.example.org:8443";
  static final String PRODUCTION_DOMAINS = "at least one trust domain when profile is production";

  static Stream<Arguments> badFiles() {
    return Stream.of(
        error(
            "not YAML",
            "server:\n  port: 8443\n  host: [a, b\nmetadata: {}\n",
            "agent.yaml:4: while parsing a flow sequence (expected: valid YAML)"),
        error(
            "a key twice",
            "server:\n  port: 1\n  port: 2\n",
            "agent.yaml:3: server.port: duplicate key (expected: each key once; the first is on"
                + " line 2)"),
        error(
            "two documents",
            "a: 1\n---\nb: 2\n",
            "agent.yaml:3: a second YAML document (expected: one document)"),
        error(
            "a list at the top",
            "- server\n",
            "agent.yaml:1: top level: a list (expected: a mapping with keys " + TOP_KEYS + ")"));
  }

  static Stream<Arguments> unknownKeys() {
    return Stream.of(
        error(
            "at the top",
            "metadata: {}\nservers:\n  port: 1\n",
            "agent.yaml:2: servers: unknown key (expected: one of " + TOP_KEYS + ")"),
        error(
            "in server.mtls",
            "server:\n  port: 8443\n  mtls:\n    enable: true\n",
            "agent.yaml:4: server.mtls.enable: unknown key (expected: one of cert_source, enabled)"),
        error(
            "in authorization",
            "authorization:\n  policy_path: x\n",
            "agent.yaml:2: authorization.policy_path: unknown key (expected: one of audit_log,"
                + " decision_path, default_policy, engine, eval_max_steps, eval_timeout, opa,"
                + " policy_paths, v0_compatible)"),
        error(
            "in a registry entry",
            "agent_registry:\n  a:\n    spiffe_id: spiffe://x/y\n    url: https://a\n",
            "agent.yaml:4: agent_registry.a.url: unknown key (expected: one of address, group,"
                + " spiffe_id)"),
        error(
            "in tracing",
            "observability:\n  tracing:\n    ratio: 1\n",
            "agent.yaml:3: observability.tracing.ratio: unknown key (expected: one of enabled,"
                + " otlp_endpoint, sample_ratio, service_name)"));
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        error(
            "a scalar for a section",
            "server: 5\n",
            "agent.yaml:1: server: 5 (expected: a mapping)"),
        error(
            "a list for a port",
            "server:\n  port: [1, 2]\n",
            "agent.yaml:2: server.port: a list (expected: an integer from 0 to 65535)"),
        error(
            "a word for a port",
            "server:\n  port: \"eighty\"\n",
            "agent.yaml:2: server.port: \"eighty\" (expected: an integer from 0 to 65535)"),
        error(
            "yes for a boolean",
            "server:\n  mtls:\n    enabled: yes please\n",
            "agent.yaml:3: server.mtls.enabled: \"yes please\" (expected: true or false)"),
        error(
            "a scalar for a list",
            "identity:\n  allowed_trust_domains: example.org\n",
            "agent.yaml:2: identity.allowed_trust_domains: \"example.org\" (expected: a list of"
                + " trust domains)"),
        error(
            "a mapping in a list",
            "identity:\n  allowed_trust_domains:\n    - {a: 1}\n",
            "agent.yaml:3: identity.allowed_trust_domains[0]: a mapping (expected: a trust domain"
                + " such as example.org)"),
        error(
            "a mapping for a metadata value",
            "metadata:\n  name: {first: a}\n",
            "agent.yaml:2: metadata.name: a mapping (expected: a string)"),
        error(
            "an unknown engine",
            "authorization:\n  engine: cedar\n",
            "agent.yaml:2: authorization.engine: \"cedar\" (expected: one of rego, opa)"),
        error(
            "a zero timeout",
            "authorization:\n  opa:\n    timeout: 0s\n",
            "agent.yaml:3: authorization.opa.timeout: \"0s\" (expected: " + DURATION + ")"),
        error(
            "a negative eval timeout",
            "authorization:\n  eval_timeout: -1s\n",
            "agent.yaml:2: authorization.eval_timeout: \"-1s\" (expected: "
                + DURATION
                + " and at most 100 days)"),
        error(
            "an eval timeout over 100 days",
            "authorization:\n  eval_timeout: 2500h\n",
            "agent.yaml:2: authorization.eval_timeout: \"2500h\" (expected: "
                + DURATION
                + " and at most 100 days)"),
        error(
            "zero eval steps",
            "authorization:\n  eval_max_steps: 0\n",
            "agent.yaml:2: authorization.eval_max_steps: 0 (expected: an integer from 1 to"
                + " 2147483647)"),
        error(
            "an unknown log level",
            "observability:\n  logging:\n    level: loud\n",
            "agent.yaml:3: observability.logging.level: \"loud\" (expected: one of trace, debug,"
                + " info, warn, error)"),
        error(
            "a sample ratio over 1",
            "observability:\n  tracing:\n    sample_ratio: 1.5\n",
            "agent.yaml:3: observability.tracing.sample_ratio: 1.5 (expected: a number from 0.0 to"
                + " 1.0)"),
        error(
            "an unknown profile",
            "profile: staging\n",
            "agent.yaml:1: profile: \"staging\" (expected: one of development, production)"),
        error(
            "a class name ending in a dot",
            "agent:\n  class: com.example.\n",
            "agent.yaml:2: agent.class: \"com.example.\" (expected: a fully qualified class name"
                + " such as com.example.MyAgent)"),
        error(
            "a port over 65535",
            "metadata: {}\nserver:\n  host: 0.0.0.0\n  port: 70000\n",
            "agent.yaml:4: server.port: 70000 (expected: an integer from 0 to 65535)"),
        error(
            "a negative metrics port",
            "server:\n  metrics_port: -1\n",
            "agent.yaml:2: server.metrics_port: -1 (expected: an integer from 0 to 65535)"));
  }

  static Stream<Arguments> badIdentities() {
    return Stream.of(
        error(
            "a SPIFFE ID ending in a slash",
            "identity:\n  spiffe_id: \"spiffe://example.org/\"\n",
            "agent.yaml:2: identity.spiffe_id: \"spiffe://example.org/\" (expected: a SPIFFE ID such"
                + " as spiffe://example.org/agent; path may not end with '/')"),
        error(
            "a trust domain in upper case",
            "identity:\n  trust_domain: Example.org\n",
            "agent.yaml:2: identity.trust_domain: \"Example.org\" (expected: a trust domain such as"
                + " example.org; trust domain may contain only lowercase letters, digits, '.', '-'"
                + " and '_')"),
        error(
            "an allowed trust domain with a space",
            "identity:\n  allowed_trust_domains:\n    - example.org\n    - a b\n",
            "agent.yaml:4: identity.allowed_trust_domains[1]: \"a b\" (expected: a trust domain such"
                + " as example.org; trust domain may contain only lowercase letters, digits, '.',"
                + " '-' and '_')"),
        error(
            "a registry ID with another scheme",
            "agent_registry:\n  a:\n    spiffe_id: http://example.org/a\n    address: https://a.example.org\n",
            "agent.yaml:3: agent_registry.a.spiffe_id: \"http://example.org/a\" (expected: a SPIFFE"
                + " ID such as spiffe://example.org/agent; scheme must be \"spiffe\" (expected:"
                + " spiffe://<trust-domain>/<path>))"),
        error(
            "a SPIFFE ID outside the trust domain",
            "identity:\n  spiffe_id: spiffe://other.org/agent\n  trust_domain: example.org\n",
            "agent.yaml:2: identity.spiffe_id: \"spiffe://other.org/agent\" (expected: an ID in"
                + " trust domain example.org, as identity.trust_domain says)"));
  }

  static Stream<Arguments> badRegistryEntries() {
    return Stream.of(
        error(
            "an http address",
            "agent_registry:\n  a:\n    spiffe_id: spiffe://x/a\n    address: http://a.example.org:8443\n",
            "agent.yaml:4: agent_registry.a.address: \"http://a.example.org:8443\" (expected: "
                + ADDRESS
                + ")"),
        error(
            "no address",
            "agent_registry:\n  a:\n    spiffe_id: spiffe://x/a\n",
            "agent.yaml:2: agent_registry.a.address: missing (expected: " + ADDRESS + ")"),
        error(
            "no SPIFFE ID",
            "agent_registry:\n  a:\n    address: https://a\n",
            "agent.yaml:2: agent_registry.a.spiffe_id: missing (expected: the SPIFFE ID the agent"
                + " presents)"),
        error(
            "a name with a dash",
            "agent_registry:\n  gcp-agent:\n    spiffe_id: spiffe://x/a\n",
            "agent.yaml:2: agent_registry: \"gcp-agent\" (expected: an entry name: a letter or _,"
                + " then letters, digits or _)"),
        error(
            "two names equal ignoring case",
            "agent_registry:\n  gcp:\n    spiffe_id: spiffe://x/a\n    address: https://a\n"
                + "  GCP:\n    spiffe_id: spiffe://x/b\n",
            "agent.yaml:5: agent_registry: \"GCP\" (expected: a name unique ignoring case; \"gcp\""
                + " is on line 2)"),
        error(
            "an address for an entry",
            "agent_registry:\n  a: https://a\n",
            "agent.yaml:2: agent_registry.a: \"https://a\" (expected: a mapping)"));
  }

  static Stream<Arguments> badServerAndOpaSettings() {
    return Stream.of(
        error(
            "an http advertise address",
            "server:\n  advertise_address: http://a.example.org:8443\n",
            "agent.yaml:2: server.advertise_address: \"http://a.example.org:8443\" (expected:"
                + " host:port or an https URI, such as aws-agent.example.org:8443)"),
        error(
            "a URL for the host",
            "server:\n  host: \"http://0.0.0.0\"\n",
            "agent.yaml:2: server.host: \"http://0.0.0.0\" (expected: a host name or IP address to"
                + " bind, such as 0.0.0.0)"),
        error(
            "OPA without a URL",
            "authorization:\n  engine: opa\n",
            "agent.yaml:1: authorization.opa.url: missing (expected: "
                + OPA_URL
                + " (authorization.engine is opa))"),
        error(
            "OPA disabled under engine opa",
            "authorization:\n  engine: opa\n  opa:\n    enabled: false\n",
            "agent.yaml:4: authorization.opa.enabled: false (expected: true when"
                + " authorization.engine is opa)"),
        error(
            "OPA enabled under engine rego",
            "authorization:\n  engine: rego\n  opa:\n    enabled: true\n    url: http://opa:8181\n",
            "agent.yaml:4: authorization.opa.enabled: true (expected: false unless"
                + " authorization.engine is opa)"),
        error(
            "an OPA URL without a scheme",
            "authorization:\n  engine: opa\n  opa:\n    url: opa:8181\n",
            "agent.yaml:4: authorization.opa.url: \"opa:8181\" (expected: " + OPA_URL + ")"),
        error(
            "a decision path with an empty segment",
            "authorization:\n  decision_path: \"a//b\"\n",
            "agent.yaml:2: authorization.decision_path: \"a//b\" (expected: names of letters, digits,"
                + " _ or - separated by /, like agentweave/authz/federated)"));
  }

  static Stream<Arguments> productionRefusals() {
    String ok = "profile: production\nidentity:\n  allowed_trust_domains: [example.org]\n";
    return Stream.of(
        error(
            "allow_all",
            ok + "authorization:\n  default_policy: allow_all\n",
            "agent.yaml:5: authorization.default_policy: \"allow_all\" (expected: deny_all when"
                + " profile is production)"),
        error(
            "an empty list of trust domains",
            "profile: production\nidentity:\n  allowed_trust_domains: []\n",
            "agent.yaml:3: identity.allowed_trust_domains: an empty list (expected: "
                + PRODUCTION_DOMAINS
                + ")"),
        error(
            "no trust domains in an identity block",
            "profile: production\nidentity:\n  trust_domain: example.org\n",
            "agent.yaml:2: identity.allowed_trust_domains: missing (expected: "
                + PRODUCTION_DOMAINS
                + ")"),
        error(
            "no identity block",
            "profile: production\n",
            "agent.yaml:1: identity.allowed_trust_domains: missing (expected: "
                + PRODUCTION_DOMAINS
                + ")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "badFiles",
    "unknownKeys",
    "wrongTypes",
    "badIdentities",
    "badRegistryEntries",
    "badServerAndOpaSettings",
    "productionRefusals"
  })
  void isRefusedNamingLineKeyValueAndExpected(String what, String yaml, String message)
      throws Exception {
    assertThat(error(yaml)).isEqualTo(message);
  }

  @Test
  void anOpaUrlWithUserInfoIsNotShown() throws Exception {
    assertThat(error("authorization:\n  engine: opa\n  opa:\n    url: http://u:secret@opa\n"))
        .isEqualTo(
            "agent.yaml:4: authorization.opa.url: (with user info, not shown) (expected: "
                + OPA_URL
                + ")")
        .doesNotContain("secret");
  }

  @Test
  void theProductionProfileAcceptsAConfigurationThatKeepsItsRules() throws Exception {
    String ok = "profile: production\nidentity:\n  allowed_trust_domains: [example.org]\n";
    assertThat(read(ok).profile()).isEqualTo(Profile.PRODUCTION);
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> AgentConfig.read(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": no such file (expected: a YAML configuration file)");
  }

  private static Arguments error(String what, String yaml, String message) {
    return Arguments.of(what, yaml, message);
  }
}
