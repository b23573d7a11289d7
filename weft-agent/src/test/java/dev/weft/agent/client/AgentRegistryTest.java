package dev.weft.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.spiffeid.SpiffeId;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {

  @Test
  void readsTheAgentsSectionOfAConfigFile() {
    Map<String, Object> agents = new LinkedHashMap<>();
    agents.put(
        "search-aws",
        Map.of(
            "spiffe_id",
            "spiffe://aws.company.com/agent/search",
            "address",
            "https://search.aws.internal:8443",
            "group",
            "search"));
    agents.put(
        "billing",
        Map.of(
            "spiffe_id",
            "spiffe://gcp.company.com/agent/billing",
            "address",
            "https://billing.gcp.internal:8443"));

    AgentRegistry registry = AgentRegistry.fromMap(agents);

    assertThat(registry.entries())
        .containsExactly(
            new AgentRegistry.Entry(
                "search-aws",
                SpiffeId.parse("spiffe://aws.company.com/agent/search"),
                URI.create("https://search.aws.internal:8443"),
                Optional.of("search")),
            AgentRegistry.Entry.of(
                "billing",
                SpiffeId.parse("spiffe://gcp.company.com/agent/billing"),
                URI.create("https://billing.gcp.internal:8443")));
    assertThat(registry.get("billing")).isPresent();
    assertThat(registry.get("nope")).isEmpty();
  }

  @Test
  void badEntriesNameTheFieldAndTheValue() {
    assertThatThrownBy(
            () ->
                AgentRegistry.fromMap(
                    Map.of(
                        "search",
                        Map.of(
                            "spiffe_id",
                            "spiffe://a.org/agent/search",
                            "address",
                            "http://search:80"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "agents.search.address: \"http://search:80\" (expected: an https URI such as "
                + "https://host:8443)");
    assertThatThrownBy(
            () ->
                AgentRegistry.fromMap(
                    Map.of(
                        "search",
                        Map.of(
                            "spiffe_id",
                            "https://a.org/agent/search",
                            "address",
                            "https://search:8443"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "agents.search.spiffe_id: \"https://a.org/agent/search\" (expected: a SPIFFE "
                + "ID such as spiffe://example.org/agent/search)");
    assertThatThrownBy(
            () -> AgentRegistry.fromMap(Map.of("search", Map.of("address", "https://search:8443"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agents.search.spiffe_id: missing (expected: a non-blank string)");
    assertThatThrownBy(() -> AgentRegistry.fromMap(Map.of("search", "https://search:8443")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "agents.search: https://search:8443 (expected: a map with spiffe_id and " + "address)");
  }

  @Test
  void namesAreUnique() {
    var e =
        AgentRegistry.Entry.of("x", SpiffeId.parse("spiffe://a.org/x"), URI.create("https://x:1"));
    assertThatThrownBy(() -> AgentRegistry.of(List.of(e, e)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agents: \"x\" twice (expected: unique names)");
  }
}
