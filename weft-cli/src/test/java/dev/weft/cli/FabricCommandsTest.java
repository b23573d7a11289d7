package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code weft fabric ...} against a real node on loopback: the node and the commands take their
 * SVIDs from a real Workload API (a trust server and node agent of {@code example.org}), so
 * subscribing and publishing run the node's default policy over mutual TLS.
 */
class FabricCommandsTest {
  private static LocalWorkloadApi workloads;
  private static Node node;
  private static String address;
  private static String admin;

  @BeforeAll
  static void startNode() throws Exception {
    workloads = new LocalWorkloadApi();
    Path config = workloads.dir().resolve("node.yaml");
    Files.writeString(
        config,
        """
        node:
          id: node-1
          domain: cli-test
        local_endpoint: 127.0.0.1:0
        admin_endpoint: 127.0.0.1:0
        identity:
          workload_api_socket: %s
        """
            .formatted(workloads.socket()));
    node = Node.start(NodeConfig.read(config));
    address = "127.0.0.1:" + node.localAddress().getPort();
    admin = "127.0.0.1:" + node.adminAddress().orElseThrow().getPort();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
    if (workloads != null) {
      workloads.close();
    }
  }

  @Test
  void subPrintsWhatPubPublishesAndExitsAfterCount() throws Exception {
    CompletableFuture<Cli.Result> sub =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "fabric",
                    "sub",
                    "--node",
                    address,
                    "--socket",
                    workloads.socket(),
                    "example.org/chat/room",
                    "--count",
                    "2"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> node.routes().stream().anyMatch(r -> r.name().equals("example.org/chat/room")));

    Cli.Result first =
        Cli.run(
            "fabric",
            "pub",
            "--node",
            address,
            "--socket",
            workloads.socket(),
            "example.org/chat/room",
            "hello");
    Cli.Result second =
        Cli.run(
            "fabric",
            "pub",
            "--node",
            address,
            "--socket",
            workloads.socket(),
            "--multicast",
            "example.org/chat/room",
            "world");

    assertThat(first.status()).as(first.err()).isZero();
    assertThat(second.status()).as(second.err()).isZero();
    Cli.Result received = sub.get();
    assertThat(received.status()).as(received.err()).isZero();
    assertThat(received.out())
        .isEqualTo("example.org/chat/room: hello\nexample.org/chat/room: world\n");
  }

  @Test
  void aSubscribeThePolicyRefusesExitsOneNamingTheRule() {
    Cli.Result r =
        Cli.run(
            "fabric",
            "sub",
            "--node",
            address,
            "--socket",
            workloads.socket(),
            "other.org/chat/room",
            "--count",
            "1");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("subscribe other.org/chat/room:").contains("subscribe_owned_org");
  }

  @Test
  void aPublishThePolicyRefusesExitsOneNamingTheRule() {
    Cli.Result r =
        Cli.run(
            "fabric",
            "pub",
            "--node",
            address,
            "--socket",
            workloads.socket(),
            "other.org/chat/room",
            "hi");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("publish other.org/chat/room:").contains("publish_federated_org");
  }

  @Test
  void nodeListShowsTheNodeAsJsonAndAsATable() {
    Cli.Result json = Cli.run("fabric", "node", "list", "--admin", admin, "--output", "json");
    Cli.Result table = Cli.run("fabric", "node", "list", "--admin", admin);

    assertThat(json.status()).as(json.err()).isZero();
    assertThat(json.out())
        .startsWith(
            "[{\"id\":\"node-1\",\"domain\":\"cli-test\","
                + "\"trust_domain\":\"example.org\",\"spiffe_id\":\""
                + LocalWorkloadApi.ME
                + "\"");
    assertThat(table.status()).as(table.err()).isZero();
    assertThat(table.out().lines().toList())
        .first()
        .asString()
        .startsWith("ID       DOMAIN     SPIFFE ID");
    assertThat(table.out().lines().toList().get(1))
        .startsWith("node-1   cli-test   " + LocalWorkloadApi.ME);
  }

  @Test
  void routeAndConnectionListsAnswerInBothFormats() {
    for (String list : new String[] {"route", "connection"}) {
      Cli.Result json = Cli.run("fabric", list, "list", "--admin", admin, "--output", "json");
      Cli.Result table = Cli.run("fabric", list, "list", "--admin", admin, "--output", "table");

      assertThat(json.status()).as(json.err()).isZero();
      assertThat(json.out()).startsWith("[");
      assertThat(table.status()).as(table.err()).isZero();
      assertThat(table.out()).startsWith(list.equals("route") ? "NAME" : "ID");
    }
  }

  @Test
  void anUnreachableAdminEndpointExitsOneNamingIt() {
    Cli.Result r = Cli.run("fabric", "route", "list", "--admin", "127.0.0.1:1", "--timeout", "2s");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("admin endpoint 127.0.0.1:1:");
  }
}
