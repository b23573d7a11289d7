package dev.weft.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.TempSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  private TempSockets tmp;
  private Path weftDir;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    tmp = new TempSockets();
    weftDir = tmp.dir().resolve("w");
  }

  @AfterEach
  void tearDown() throws Exception {
    run("down", "--dir", weftDir.toString()).waitFor(60, TimeUnit.SECONDS);
    for (Process p : started) {
      p.destroyForcibly();
    }
    tmp.close();
  }

  @Test
  void upStartsSeed003sFabricAndThePrintedCommandsWork() throws Exception {
    Process up = run("up", "--example", "multicluster", "--dir", weftDir.toString());
    List<String> out = WeftMeshIT.linesUntil(up, " fabric pub ", 1);
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

    String weft =
        ProcessHandle.current().info().command().orElse("java")
            + " --enable-native-access=ALL-UNNAMED -cp '"
            + System.getProperty("java.class.path")
            + "' dev.weft.cli.Main";
    String nodeList = WeftMeshIT.weftCommand(WeftMeshIT.printed(out, " fabric node list "), weft);
    String listing = shell(nodeList + " --output json", 0);
    for (String node : nodes) {
      assertThat(listing).contains("\"id\":\"" + node + "\"");
    }
    assertThat(listing).doesNotContain("\"state\":\"disconnected\"");
    String routeList = WeftMeshIT.weftCommand(WeftMeshIT.printed(out, " fabric route list "), weft);
    assertThat(routeList).contains(" --controller 127.0.0.1:");
    shell(routeList, 0);

    String sub = WeftMeshIT.weftCommand(WeftMeshIT.printed(out, " fabric sub "), weft);
    String pub = WeftMeshIT.weftCommand(WeftMeshIT.printed(out, " fabric pub "), weft);
    Process subscriber =
        new ProcessBuilder("sh", "-c", sub)
            .directory(tmp.dir().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    started.add(subscriber);
    // The subscription reaches its node, the node tells the controller, the controller installs
    // the routes on the cluster-b nodes: route list shows them.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    String routes = "";
    while (Instant.now().isBefore(deadline)) {
      routes = shell(routeList + " --output json", 0);
      if (routes.contains(
          "\"node\":\"slim-0.cluster-b.example\",\"name\":\"cluster-a.example/chat/alice\"")) {
        break;
      }
      Thread.sleep(300);
    }
    assertThat(routes)
        .contains(
            "\"node\":\"slim-0.cluster-b.example\",\"name\":\"cluster-a.example/chat/alice\"");
    String lastPub = "";
    while (subscriber.isAlive() && Instant.now().isBefore(deadline)) {
      Process publisher =
          new ProcessBuilder("sh", "-c", pub)
              .directory(tmp.dir().toFile())
              .redirectErrorStream(true)
              .start();
      started.add(publisher);
      lastPub = new String(publisher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(publisher.waitFor(60, TimeUnit.SECONDS)).isTrue();
      if (publisher.exitValue() == 0) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(subscriber.waitFor(60, TimeUnit.SECONDS))
        .as("sub after the last pub: %s", lastPub)
        .isTrue();
    assertThat(new String(subscriber.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("cluster-a.example/chat/alice: hello from cluster-b.example\n");

    Process down = run("down", "--dir", weftDir.toString());
    assertThat(down.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
    try (Stream<Path> pids = Files.walk(weftDir)) {
      assertThat(pids.filter(p -> p.toString().endsWith(".pid")).toList()).isEmpty();
    }
  }

  private String shell(String command, int exit) throws Exception {
    Process p =
        new ProcessBuilder("sh", "-c", command)
            .directory(tmp.dir().toFile())
            .redirectErrorStream(true)
            .start();
    started.add(p);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s:%n%s", command, output).isEqualTo(exit);
    return output;
  }

  private Process run(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.weft.cli.Main"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(tmp.dir().toFile()).start();
    started.add(p);
    return p;
  }
}
