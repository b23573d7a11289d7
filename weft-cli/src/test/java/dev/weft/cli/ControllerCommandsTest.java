package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.controller.Controller;
import dev.weft.controller.ControllerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code weft fabric link|segment|domain|node|route|connection|subscription} against a real
 * controller: over its local socket, and over mutual TLS with an SVID from a real Workload API
 * (whose {@code spiffe://example.org/me} the built-in policy does not let operate the fabric).
 */
class ControllerCommandsTest {
  private static LocalWorkloadApi workloads;
  private static Controller controller;
  private static String socket;
  private static String api;

  @BeforeAll
  static void startController() throws Exception {
    workloads = new LocalWorkloadApi();
    Path config = workloads.dir().resolve("controller.yaml");
    Files.writeString(
        config,
        """
        southbound:
          endpoint: 127.0.0.1:0
        northbound:
          endpoint: 127.0.0.1:0
          socket: controller.sock
        identity:
          workload_api_socket: %s
        domains:
          cluster-a.example: default
        """
            .formatted(workloads.socket()));
    controller = Controller.start(ControllerConfig.read(config));
    socket = workloads.dir().resolve("controller.sock").toString();
    api = "127.0.0.1:" + controller.apiAddress().orElseThrow().getPort();
  }

  @AfterAll
  static void stopController() {
    if (controller != null) {
      controller.close();
    }
    if (workloads != null) {
      workloads.close();
    }
  }

  private static Cli.Result run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--controller-socket";
    all[args.length + 1] = socket;
    return Cli.run(all);
  }

  @Test
  void segmentsAndDomainsAreManagedAndListed() {
    Cli.Result added =
        run("fabric", "segment", "add", "tenant-b", "--topology", "star", "--hub", "slim-0.b");
    assertThat(added.status()).as(added.err()).isZero();
    assertThat(added.out()).contains("tenant-b").contains("star").contains("slim-0.b");
    assertThat(
            run("fabric", "domain", "add", "cluster-b.example", "--segment", "tenant-b").status())
        .isZero();

    Cli.Result segments = run("fabric", "segment", "list", "--output", "json");
    assertThat(segments.status()).isZero();
    assertThat(segments.out())
        .contains(
            "{\"name\":\"tenant-b\",\"topology\":\"star\",\"hub\":\"slim-0.b\",\"domains\":[\"cluster-b.example\"],\"nodes\":0}");
    Cli.Result domains = run("fabric", "domain", "list");
    assertThat(domains.out().lines().toList())
        .first()
        .asString()
        .startsWith("NAME")
        .contains("SEGMENT");
    assertThat(domains.out()).contains("cluster-b.example   tenant-b");

    Cli.Result inUse = run("fabric", "segment", "remove", "tenant-b");
    assertThat(inUse.status()).isEqualTo(1);
    assertThat(inUse.err()).contains("is used by domains [cluster-b.example]");

    assertThat(run("fabric", "domain", "remove", "cluster-b.example").status()).isZero();
    Cli.Result removed = run("fabric", "segment", "remove", "tenant-b");
    assertThat(removed.status()).isZero();
    assertThat(removed.out()).contains("weft: segment tenant-b removed");
  }

  @Test
  void refusalsExitOneWithTheControllersMessage() {
    Cli.Result unknownNode = run("fabric", "link", "add", "slim-0.a", "slim-0.b");
    assertThat(unknownNode.status()).isEqualTo(1);
    assertThat(unknownNode.err()).contains("node: \"slim-0.a\" (expected: a registered node");
    Cli.Result badTopology = run("fabric", "segment", "add", "x", "--topology", "ring");
    assertThat(badTopology.status()).isEqualTo(1);
    assertThat(badTopology.err()).contains("expected: mesh, star or pairs");
    Cli.Result routes = run("fabric", "route", "list", "--node", "nobody");
    assertThat(routes.status()).isEqualTo(1);
    assertThat(routes.err()).contains("node: \"nobody\"");
  }

  @Test
  void listsAnswerOnAnEmptyFabric() {
    for (String kind : new String[] {"node", "route", "connection", "subscription", "link"}) {
      Cli.Result r = run("fabric", kind, "list", "--output", "json");
      assertThat(r.status()).as("%s list: %s", kind, r.err()).isZero();
      assertThat(r.out().strip()).isEqualTo("[]");
    }
  }

  @Test
  void overMutualTlsThePolicyDecides() {
    Cli.Result r =
        Cli.run("fabric", "segment", "list", "--controller", api, "--socket", workloads.socket());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("may not GET").doesNotContain("Exception");
    assertThat(r.err()).contains("rule operator");
  }

  @Test
  void badFlagsAreUsageErrors() {
    Cli.Result both =
        Cli.run("fabric", "node", "list", "--admin", "127.0.0.1:1", "--controller-socket", socket);
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("both given");
    Cli.Result neither = Cli.run("fabric", "link", "list");
    assertThat(neither.status()).isEqualTo(2);
    assertThat(neither.err()).contains("--controller: missing");
    Cli.Result badAddress = Cli.run("fabric", "link", "list", "--controller", "nowhere");
    assertThat(badAddress.status()).isEqualTo(2);
    Cli.Result badOutput = run("fabric", "link", "list", "--output", "xml");
    assertThat(badOutput.status()).isEqualTo(2);
  }
}
