package dev.weft.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.weft.controller.api.ControllerClient;
import dev.weft.controller.api.NodeView;
import dev.weft.controller.api.RouteView;
import dev.weft.proto.fabric.v1.ControllerMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller whose state is in PostgreSQL ({@code WEFT_TEST_POSTGRES_URL}, a fresh schema per
 * test) loses nothing across a restart. Skipped without the variable, failed without it on CI.
 */
class PostgresStateTest {

  @TempDir Path dir;
  private ControllerFixture fixture;
  private ControllerConfig.StoreConfig store;

  @BeforeEach
  void schema() throws Exception {
    String url = System.getenv("WEFT_TEST_POSTGRES_URL");
    if ((url == null || url.isBlank()) && "true".equals(System.getenv("CI"))) {
      fail("WEFT_TEST_POSTGRES_URL is not set, but CI=true requires the PostgreSQL path");
    }
    assumeThat(url).as("WEFT_TEST_POSTGRES_URL (scripts/postgres-for-tests.sh)").isNotBlank();
    String schema = "weft_ctl_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    store =
        new ControllerConfig.StoreConfig(
            true, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    fixture = new ControllerFixture(dir);
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private void register(
      Controller controller, String spiffeId, String id, String domain, String... subs)
      throws Exception {
    FakeNode n =
        fixture.closeLater(
            new FakeNode(controller.southboundAddress(), fixture.federation.source(spiffeId)));
    n.register(id, domain, List.of(subs));
    ControllerMessage first = n.next(Duration.ofSeconds(10));
    assertThat(first.hasRegistered()).isTrue();
    n.command();
  }

  @Test
  void aRestartLosesNoRegisteredState() throws Exception {
    Controller controller = fixture.start(fixture.config(0, store));
    register(
        controller, SouthboundTest.A0, "a0", Federation.CLUSTER_A, "cluster-a.test/chat/alice");
    register(controller, SouthboundTest.B0, "b0", Federation.CLUSTER_B);
    ControllerClient api = ControllerClient.overSocket(dir.resolve("controller.sock"));
    api.putSegment("tenant-x", "pairs", null);
    List<RouteView> routes = api.routes(null);
    assertThat(routes)
        .containsExactly(new RouteView("b0", "cluster-a.test/chat/alice", List.of("a0")));
    int port = controller.southboundAddress().getPort();
    controller.close();
    api.close();

    controller = fixture.start(fixture.config(port, store));
    api = fixture.closeLater(ControllerClient.overSocket(dir.resolve("controller.sock")));
    assertThat(api.nodes()).extracting(NodeView::id).containsExactly("a0", "b0");
    assertThat(api.segments()).extracting(s -> s.name()).containsExactly("default", "tenant-x");
    assertThat(api.routes(null)).as("what the nodes still hold").isEqualTo(routes);

    register(
        controller, SouthboundTest.A0, "a0", Federation.CLUSTER_A, "cluster-a.test/chat/alice");
    register(controller, SouthboundTest.B0, "b0", Federation.CLUSTER_B);
    ControllerClient reopened = api;
    await().atMost(Duration.ofSeconds(10)).until(() -> reopened.routes(null).equals(routes));
    assertThat(api.nodes()).extracting(NodeView::state).containsOnly("connected");
  }
}
