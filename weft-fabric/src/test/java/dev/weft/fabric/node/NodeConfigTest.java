package dev.weft.fabric.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.config.ConfigException;
import dev.weft.identity.spiffeid.SpiffeId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {

  private static final String MARKER = "<!-- docs-test: fabric-node -->";

  @TempDir Path dir;

  @Test
  void theExampleInDocsFabricLoads() throws Exception {
    NodeConfig config = NodeConfig.read(write(docsExample()));
    assertThat(config.id()).isEqualTo("node-a");
    assertThat(config.domain()).isEqualTo("acme");
    assertThat(config.localEndpoint().getPort()).isEqualTo(7401);
    assertThat(config.externalEndpoint()).isEqualTo("node-a.cluster-a.example:7401");
    assertThat(config.adminEndpoint().orElseThrow().getPort()).isEqualTo(7481);
    assertThat(config.workloadApiSocket()).contains(Path.of("/run/weft/agent.sock"));
    assertThat(config.policyPaths())
        .containsExactly(dir.resolve("fabric.rego"), dir.resolve("owners.json"));
    assertThat(config.linkPeers()).containsExactly(SpiffeId.parse("spiffe://a.test/fabric/node-b"));
    assertThat(config.routes()).extracting(Route::prefix).containsExactly("b.test", "a.test/east");
    assertThat(config.routes().get(0).peer())
        .isEqualTo(SpiffeId.parse("spiffe://b.test/fabric/node-c"));
    assertThat(config.limits())
        .isEqualTo(new Limits(1 << 20, 8192, 8L << 20, 10_000, 100_000, Duration.ofSeconds(10)));
    assertThat(config.slowConsumer()).isEqualTo(SlowConsumerPolicy.DISCONNECT);
    ControllerEndpoint controller = config.controller().orElseThrow();
    assertThat(controller.endpoint().getHostString()).isEqualTo("controller.admin.example");
    assertThat(controller.endpoint().getPort()).isEqualTo(7500);
    assertThat(controller.peer())
        .isEqualTo(SpiffeId.parse("spiffe://admin.example/fabric/controller"));
  }

  @Test
  void aControllerSectionNeedsEndpointAndPeer() throws Exception {
    NodeConfig config =
        NodeConfig.read(
            write(
                """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        controller:
          endpoint: 127.0.0.1:7500
          peer: spiffe://b.test/fabric/controller
        """));
    assertThat(config.controller())
        .contains(
            new ControllerEndpoint(
                config.controller().orElseThrow().endpoint(),
                SpiffeId.parse("spiffe://b.test/fabric/controller")));
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        controller:
          peer: spiffe://b.test/fabric/controller
        """,
        ":3: controller.endpoint: missing (expected: the controller's southbound API, "
            + "host:port)");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        controller:
          endpoint: 127.0.0.1:7500
        """,
        ":3: controller.peer: missing (expected: the SPIFFE ID the controller must present)");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        controller:
          endpoint: 127.0.0.1:7500
          peer: https://b.test/fabric/controller
        """,
        ":5: controller.peer: \"https://b.test/fabric/controller\" (expected: ");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        controller:
          endpoint: nowhere
          peer: spiffe://b.test/fabric/controller
        """,
        ":4: controller.endpoint: \"nowhere\" (expected: host:port)");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        controller:
          endpoint: 127.0.0.1:7500
          peer: spiffe://b.test/fabric/controller
          colour: blue
        """,
        ":6: controller.colour");
  }

  @Test
  void theDefaultsApply() throws Exception {
    NodeConfig config =
        NodeConfig.read(
            write(
                """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        """));
    assertThat(config.externalEndpoint()).isEqualTo("127.0.0.1:0");
    assertThat(config.adminEndpoint()).isEmpty();
    assertThat(config.routes()).isEmpty();
    assertThat(config.limits()).isEqualTo(Limits.DEFAULTS);
    assertThat(config.decisionPath().toString()).isEqualTo("weft/fabric/authz");
    assertThat(config.controller()).isEmpty();
  }

  @Test
  void errorsNameTheFileLineKeyAndExpectation() throws Exception {
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        colour: blue
        """,
        ":3: colour");
    assertError(
        """
        node: {domain: d}
        local_endpoint: 127.0.0.1:0
        """,
        ": node.id: missing (expected: a node id)");
    assertError(
        """
        node: {id: "n 1", domain: d}
        local_endpoint: 127.0.0.1:0
        """,
        ":1: node.id: \"n 1\" (expected: 1-63 characters of [A-Za-z0-9._-])");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: nowhere
        """,
        ":2: local_endpoint: \"nowhere\" (expected: host:port)");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        admin_endpoint: 0.0.0.0:7481
        """,
        ":3: admin_endpoint: \"0.0.0.0:7481\" (expected: a loopback host:port, such as "
            + "127.0.0.1:7481)");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        routes:
          b.test:
            endpoint: 127.0.0.1:7402
        """,
        "routes.b.test.peer: missing (expected: the SPIFFE ID the other node must present)");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        routes:
          "b test":
            endpoint: 127.0.0.1:7402
            peer: spiffe://b.test/fabric/node-c
        """,
        "(expected: a name prefix of 1-4 components of [A-Za-z0-9._-])");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        slow_consumer: block
        """,
        ":3: slow_consumer: \"block\" (expected: one of disconnect, drop)");
    assertError(
        """
        node: {id: n1, domain: d}
        local_endpoint: 127.0.0.1:0
        limits: {max_message_bytes: 1}
        """,
        ":3: limits.max_message_bytes: 1 (expected: ");
  }

  private void assertError(String yaml, String expected) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> NodeConfig.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected)
        .hasMessageStartingWith(file.toString());
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** The YAML block under the docs-test marker in docs/fabric.md. */
  static String docsExample() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "fabric.md"));
    int at = lines.indexOf(MARKER);
    assertThat(at).as("the marker in docs/fabric.md").isNotNegative();
    assertThat(lines.get(at + 1)).isEqualTo("```yaml");
    StringBuilder yaml = new StringBuilder();
    for (int i = at + 2; !lines.get(i).equals("```"); i++) {
      yaml.append(lines.get(i)).append('\n');
    }
    return yaml.toString();
  }
}
