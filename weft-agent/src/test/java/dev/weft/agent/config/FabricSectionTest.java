package dev.weft.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code fabric} section: values, defaults, environment overrides and every refusal. */
class FabricSectionTest extends AgentConfigTestBase {

  @Test
  void absentMeansNoFabric() throws Exception {
    assertThat(read("metadata: {}\n").fabric()).isEmpty();
  }

  @Test
  void readsNodeNameAndExpectedNode() throws Exception {
    FabricConfig f =
        read("""
                fabric:
                  node: 127.0.0.1:7401
                  name: example.org/agents/search
                  expect_node: spiffe://example.org/fabric/node-a
                """)
            .fabric()
            .orElseThrow();

    assertThat(f.node()).isEqualTo("127.0.0.1:7401");
    assertThat(f.name()).contains(Name.parse("example.org/agents/search"));
    assertThat(f.expectNode()).contains(SpiffeId.parse("spiffe://example.org/fabric/node-a"));
  }

  @Test
  void theNameAndTheExpectedNodeAreOptional() throws Exception {
    FabricConfig f = read("fabric:\n  node: localhost:7401\n").fabric().orElseThrow();

    assertThat(f.name()).isEmpty();
    assertThat(f.expectNode()).isEmpty();
  }

  @Test
  void theEnvironmentOverridesTheFile() throws Exception {
    FabricConfig f =
        read(
                "fabric:\n  node: 127.0.0.1:7401\n",
                Map.of("WEFT_FABRIC_NAME", "example.org/agents/other", "WEFT_FABRIC_NODE", "h:1"))
            .fabric()
            .orElseThrow();

    assertThat(f.node()).isEqualTo("h:1");
    assertThat(f.name()).contains(Name.parse("example.org/agents/other"));
  }

  @Test
  void aMissingNodeIsRefused() throws Exception {
    assertThat(error("fabric:\n  name: example.org/agents/search\n"))
        .isEqualTo(
            "agent.yaml:1: fabric.node: missing (expected: a fabric node's local_endpoint,"
                + " host:port, such as 127.0.0.1:7401)");
  }

  @Test
  void aNodeWithoutPortIsRefused() throws Exception {
    assertThat(error("fabric:\n  node: 127.0.0.1\n"))
        .isEqualTo(
            "agent.yaml:2: fabric.node: \"127.0.0.1\" (expected: a fabric node's local_endpoint,"
                + " host:port, such as 127.0.0.1:7401)");
  }

  @Test
  void anInstanceNameIsRefused() throws Exception {
    assertThat(error("fabric:\n  node: h:1\n  name: example.org/agents/search/one\n"))
        .isEqualTo(
            "agent.yaml:3: fabric.name: \"example.org/agents/search/one\" (expected: a fabric"
                + " service name org/namespace/service, such as example.org/agents/search)");
  }

  @Test
  void anUnknownKeyIsRefused() throws Exception {
    assertThat(error("fabric:\n  node: h:1\n  names: x\n"))
        .isEqualTo(
            "agent.yaml:3: fabric.names: unknown key (expected: one of expect_node, name, node)");
  }
}
