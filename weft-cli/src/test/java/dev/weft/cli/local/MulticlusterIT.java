package dev.weft.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft up --example multicluster}, as processes: seed 003's three federated trust domains,
 * the controller in admin.example, three nodes per cluster registering with it; the printed
 * commands work as printed, and the route a subscription creates carries a message across clusters.
 */
class MulticlusterIT {
  private static final Pattern NODE =
      Pattern.compile(
          "^  (slim-\\d\\.cluster-[ab]\\.example) +(spiffe://cluster-[ab]\\.example/fabric/slim-\\d)"
              + " +(127\\.0\\.0\\.1:\\d+)  admin (127\\.0\\.0\\.1:\\d+)$");

  private UpHarness up;
  private Path weftDir;

  @BeforeEach
  void setUp() {
    up = new UpHarness();
    weftDir = up.weftDir;
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
  }

  private static final Pattern ROUTE =
      Pattern.compile("^  (\\S+) +cluster-a\\.example/agents/alice +(\\S+)$");

  /**
   * Alice and Bob: ten requests and replies over MLS, each printed with epoch 1 and the other's
   * MLS-authenticated SPIFFE ID; the controller's routes of Alice's name on the five other nodes,
   * each one hop to her node; the counted summary last.
   */
  private static void assertSeed003Conversation(List<String> out) {
    assertThat(out.getLast())
        .isEqualTo("multicluster: bob sent 10, alice received 10, bob received 10 replies");
    assertThat(out)
        .contains(
            "alice: spiffe://cluster-a.example/agents/alice on slim-0.cluster-a.example accepts MLS"
                + " sessions on cluster-a.example/agents/alice, admitting into the MLS group only"
                + " herself and spiffe://cluster-b.example/agents/bob",
            "bob: spiffe://cluster-b.example/agents/bob on slim-0.cluster-b.example opens an MLS"
                + " session to cluster-a.example/agents/alice, admitting into the MLS group only"
                + " himself and spiffe://cluster-a.example/agents/alice");
    for (int i = 1; i <= 10; i++) {
      assertThat(out)
          .contains(
              "alice: received \"hello "
                  + i
                  + "\" (epoch 1) from spiffe://cluster-b.example/agents/bob; replying \"got hello "
                  + i
                  + "\"",
              "bob: sent \"hello "
                  + i
                  + "\", reply \"got hello "
                  + i
                  + "\" (epoch 1) from spiffe://cluster-a.example/agents/alice");
    }
    List<String> routeNodes = new ArrayList<>();
    for (String line : out) {
      Matcher m = ROUTE.matcher(line);
      if (m.find()) {
        routeNodes.add(m.group(1));
        assertThat(m.group(2)).isEqualTo("slim-0.cluster-a.example");
      }
    }
    assertThat(routeNodes)
        .containsExactlyInAnyOrder(
            "slim-1.cluster-a.example",
            "slim-2.cluster-a.example",
            "slim-0.cluster-b.example",
            "slim-1.cluster-b.example",
            "slim-2.cluster-b.example");
  }

  @Test
  void upStartsSeed003sFabricAndThePrintedCommandsWork() throws Exception {
    Process weftUp = up.run("up", "--example", "multicluster", "--dir", weftDir.toString());
    // Three trust domains, a controller, six nodes and the conversation: slower than the default
    // wait on a loaded 2-core machine.
    List<String> out =
        UpHarness.linesUntil(weftUp, "multicluster: bob sent ", 1, Duration.ofSeconds(420));
    assertSeed003Conversation(out);
    for (String td : List.of("admin.example", "cluster-a.example", "cluster-b.example")) {
      assertThat(out)
          .anyMatch(l -> l.matches(Pattern.quote(td) + " SPIFFE_ENDPOINT_SOCKET=unix:///.*"));
    }
    List<String> nodes = new ArrayList<>();
    for (String line : out) {
      Matcher m = NODE.matcher(line);
      if (m.find()) {
        nodes.add(m.group(1));
      }
    }
    assertThat(nodes).hasSize(6);
    String controllerLog = Files.readString(weftDir.resolve("admin.example/fabric/controller.log"));
    for (String node : nodes) {
      assertThat(controllerLog).contains("Registering node with ID " + node);
    }

    String nodeList = up.command(UpHarness.printed(out, " fabric node list "));
    String listing = up.shell(nodeList + " --output json", 0);
    for (String node : nodes) {
      assertThat(listing).contains("\"id\":\"" + node + "\"");
    }
    assertThat(listing).doesNotContain("\"state\":\"disconnected\"");
    String routeList = up.command(UpHarness.printed(out, " fabric route list "));
    assertThat(routeList).contains(" --controller 127.0.0.1:");
    up.shell(routeList, 0);

    String sub = up.command(UpHarness.printed(out, " fabric sub "));
    String pub = up.command(UpHarness.printed(out, " fabric pub "));
    Process subscriber = up.start(sub);
    // The subscription reaches its node, the node tells the controller, the controller installs
    // the routes on the cluster-b nodes: route list shows them.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    String routes = "";
    while (Instant.now().isBefore(deadline)) {
      routes = up.shell(routeList + " --output json", 0);
      if (routes.contains(
          "\"node\":\"slim-0.cluster-b.example\",\"name\":\"cluster-a.example/chat/alice\"")) {
        break;
      }
      Thread.sleep(300);
    }
    assertThat(routes)
        .contains(
            "\"node\":\"slim-0.cluster-b.example\",\"name\":\"cluster-a.example/chat/alice\"");
    // Alice closed her session endpoint and client: the controller withdrew her name's routes.
    String after = routes;
    while (after.contains("cluster-a.example/agents/alice") && Instant.now().isBefore(deadline)) {
      Thread.sleep(300);
      after = up.shell(routeList + " --output json", 0);
    }
    assertThat(after).doesNotContain("cluster-a.example/agents/alice");
    assertThat(up.pubUntilReceived(subscriber, pub))
        .isEqualTo("cluster-a.example/chat/alice: hello from cluster-b.example\n");

    Process down = up.run("down", "--dir", weftDir.toString());
    assertThat(down.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(weftUp.waitFor(60, TimeUnit.SECONDS)).isTrue();
    try (Stream<Path> pids = Files.walk(weftDir)) {
      assertThat(pids.filter(p -> p.toString().endsWith(".pid")).toList()).isEmpty();
    }
  }
}
