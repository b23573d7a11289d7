package dev.weft.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.TempSockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default {@code weft up}, as processes: three federated trust domains and three agents under
 * seed 000's policy; the cross-cloud chain in one trace; the denied call with its reason; a printed
 * {@code weft call} command that works as printed; and nothing left after {@code down}.
 */
class WeftMeshIT {
  private static final Duration START = Duration.ofSeconds(240);
  private static final Pattern HOP =
      Pattern.compile("  hop (\\d)  (\\w+) +(\\w+) +caller (\\S+) +.* trace ([0-9a-f]{32})");
  private static final Pattern FABRIC_NODE =
      Pattern.compile(
          "^  (\\S+) +(spiffe://\\S+/fabric/node) +(127\\.0\\.0\\.1:\\d+)  admin (127\\.0\\.0\\.1:\\d+)$");
  private static final Pattern METRICS =
      Pattern.compile(" metrics (http://127\\.0\\.0\\.1:\\d+/metrics)$");

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
  void upRunsTheMultiCloudMeshAndItsChain() throws Exception {
    Process up = run("up", "--dir", weftDir.toString());
    List<String> out = linesUntil(up, "  SPIFFE_ENDPOINT_SOCKET=", 4);

    assertThat(out)
        .anyMatch(l -> l.matches("aws\\.company\\.com SPIFFE_ENDPOINT_SOCKET=unix:///.*"));
    assertThat(out)
        .anyMatch(l -> l.matches("gcp\\.company\\.com SPIFFE_ENDPOINT_SOCKET=unix:///.*"));
    assertThat(out)
        .anyMatch(l -> l.matches("azure\\.company\\.com SPIFFE_ENDPOINT_SOCKET=unix:///.*"));

    List<String[]> hops = new ArrayList<>();
    for (String line : out) {
      Matcher m = HOP.matcher(line);
      if (m.find()) {
        hops.add(new String[] {m.group(2), m.group(3), m.group(4), m.group(5)});
      }
    }
    assertThat(hops)
        .extracting(h -> h[0] + " " + h[1])
        .containsExactly("aws cross_cloud_test", "gcp search", "azure search", "aws process");
    assertThat(hops)
        .extracting(h -> h[2])
        .containsExactly(
            "spiffe://aws.company.com/weft/user/" + LocalUser.pathSegment(),
            "spiffe://aws.company.com/agent/orchestrator",
            "spiffe://gcp.company.com/agent/search",
            "spiffe://azure.company.com/agent/processor");
    assertThat(hops).extracting(h -> h[3]).containsOnly(hops.getFirst()[3]);
    assertThat(out)
        .anyMatch(
            l ->
                l.startsWith("weft: denied as the policy says: ")
                    && l.contains("PERMISSION_DENIED: denied by agentweave/authz/federated/allow"));

    // Every agent prints its loopback metrics URL; the orchestrator's counts the chain's two runs.
    assertThat(out.stream().filter(l -> METRICS.matcher(l).find()).map(l -> l.trim().split(" ")[0]))
        .containsExactly("orchestrator", "search", "processor");
    Matcher metricsUrl =
        out.stream()
            .filter(l -> l.trim().startsWith("orchestrator "))
            .map(METRICS::matcher)
            .filter(Matcher::find)
            .findFirst()
            .orElseThrow();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(metricsUrl.group(1)))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(
              metrics
                  .body()
                  .lines()
                  .filter(l -> l.startsWith("weft_agent_requests_total{"))
                  .filter(l -> l.contains("capability=\"cross_cloud_test\""))
                  .filter(l -> l.contains("outcome=\"ok\""))
                  .filter(l -> l.contains("peer_trust_domain=\"aws.company.com\""))
                  .filter(l -> l.contains("cloud=\"aws\""))
                  .toList())
          .as("weft_agent_requests_total of the chain in:%n%s", metrics.body())
          .singleElement()
          .satisfies(l -> assertThat(l).endsWith(" 2.0"));
    }

    hostileCallerLeavesTheAgentServing(out, metricsUrl.group(1));

    // The printed example works as printed (run through a shell, environment and quotes included).
    String example =
        out.stream().filter(l -> l.contains("--capability ping")).findFirst().orElseThrow().trim();
    String java = ProcessHandle.current().info().command().orElse("java");
    String weft =
        java
            + " --enable-native-access=ALL-UNNAMED -cp '"
            + System.getProperty("java.class.path")
            + "' dev.weft.cli.Main";
    String command =
        example.replaceFirst(" \\S*weft call ", Matcher.quoteReplacement(" " + weft + " call "));
    Process call = new ProcessBuilder("sh", "-c", command).directory(tmp.dir().toFile()).start();
    started.add(call);
    String answer = new String(call.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(call.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(call.exitValue()).as(answer).isZero();
    assertThat(answer)
        .contains("\"capability\" : \"ping\"")
        .contains("\"caller\" : \"spiffe://aws.company.com/weft/user/");

    fabricLinksAndCarriesAcrossClouds(out, weft);

    Process down = run("down", "--dir", weftDir.toString());
    assertThat(down.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
    try (Stream<Path> pids = Files.walk(weftDir)) {
      assertThat(pids.filter(p -> p.toString().endsWith(".pid")).toList()).isEmpty();
    }
  }

  /**
   * The three fabric nodes are up and each is linked to the two others (as {@code weft fabric node
   * list} shows them), and the printed {@code sub} in GCP receives what the printed {@code pub}
   * sends from AWS, both run through a shell as printed.
   */
  private void fabricLinksAndCarriesAcrossClouds(List<String> out, String weft) throws Exception {
    Map<String, String> admins = new LinkedHashMap<>();
    for (String line : out) {
      Matcher m = FABRIC_NODE.matcher(line);
      if (m.find()) {
        assertThat(m.group(2)).isEqualTo("spiffe://" + m.group(1) + "/fabric/node");
        admins.put(m.group(1), m.group(4));
      }
    }
    assertThat(admins.keySet())
        .containsExactly("aws.company.com", "gcp.company.com", "azure.company.com");
    for (Map.Entry<String, String> node : admins.entrySet()) {
      String listing =
          shell(weft + " fabric node list --admin " + node.getValue() + " --output json", 0);
      for (String td : admins.keySet()) {
        assertThat(listing)
            .as("node list of %s", node.getKey())
            .contains("spiffe://" + td + "/fabric/node");
      }
    }
    String printedList = printed(out, " fabric node list --admin ");
    assertThat(shell(weftCommand(printedList, weft), 0))
        .contains("gcp.company.com", "azure.company.com");

    String sub = weftCommand(printed(out, " fabric sub "), weft);
    String pub = weftCommand(printed(out, " fabric pub "), weft);
    assertThat(sub)
        .contains(
            "SPIFFE_ENDPOINT_SOCKET=unix://" + weftDir.resolve("gcp.company.com").toAbsolutePath());
    assertThat(pub)
        .contains(
            "SPIFFE_ENDPOINT_SOCKET=unix://" + weftDir.resolve("aws.company.com").toAbsolutePath());
    Process subscriber =
        new ProcessBuilder("sh", "-c", sub)
            .directory(tmp.dir().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    started.add(subscriber);
    // Until the subscription has reached the node, a publish comes back UNDELIVERABLE: retry.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
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
        .isEqualTo("gcp.company.com/chat/room: hello from aws.company.com\n");
    assertThat(subscriber.exitValue()).isZero();
  }

  static String printed(List<String> out, String part) {
    return out.stream()
        .filter(l -> l.contains(part))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line with '" + part + "' in " + out))
        .trim();
  }

  /** A printed command, with the printed weft replaced by this JVM and class path. */
  static String weftCommand(String printed, String weft) {
    return printed.replaceFirst(
        "(^|\\s)\\S*weft fabric ", "$1" + Matcher.quoteReplacement(weft) + " fabric ");
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

  /**
   * Against the running orchestrator, a caller with a valid SVID sends 3,000 made-up capability
   * names, a 64 MiB body and 300 idle connections: the agent answers 413 for the body, still serves
   * a normal call, and its {@code /metrics} stays within a few KiB of where it was.
   */
  private void hostileCallerLeavesTheAgentServing(List<String> out, String metricsUrl)
      throws Exception {
    int port =
        out.stream()
            .filter(l -> l.trim().startsWith("orchestrator "))
            .map(l -> Pattern.compile("https://127\\.0\\.0\\.1:(\\d+)").matcher(l))
            .filter(Matcher::find)
            .map(m -> Integer.parseInt(m.group(1)))
            .findFirst()
            .orElseThrow();
    SpiffeId user = SpiffeId.parse("spiffe://aws.company.com/weft/user/" + LocalUser.pathSegment());
    SpiffeId orchestrator = SpiffeId.parse("spiffe://aws.company.com/agent/orchestrator");
    String before = scrape(metricsUrl);
    long pid =
        Long.parseLong(
            Files.readString(weftDir.resolve("aws.company.com/agents/orchestrator.pid")).trim());
    long rssBefore = residentKib(pid);
    List<Socket> idle = new ArrayList<>();
    try (HostileCaller hostile =
        new HostileCaller(
            weftDir.resolve("aws.company.com/public/api.sock").toAbsolutePath(),
            user,
            orchestrator,
            port)) {
      try (SSLSocket connection = hostile.open()) {
        for (int i = 0; i < 3000; i++) {
          assertThat(HostileCaller.call(connection, "made-up-" + i)).contains("\"error\"");
        }
      }
      try (SSLSocket connection = hostile.open()) {
        assertThat(HostileCaller.floodAndReadStatus(connection, 64L << 20))
            .startsWith("HTTP/1.1 413");
      }
      for (int i = 0; i < 150; i++) {
        idle.add(hostile.openPlain());
        idle.add(hostile.open());
      }
      try (SSLSocket connection = hostile.open()) {
        assertThat(HostileCaller.call(connection, "ping"))
            .startsWith("HTTP/1.1 200")
            .contains("\"result\"");
      }
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    String after = scrape(metricsUrl);
    System.out.printf(
        "hostile caller: orchestrator /metrics %d -> %d bytes, resident memory %d -> %d KiB%n",
        before.length(), after.length(), rssBefore, residentKib(pid));
    assertThat(after).doesNotContain("made-up");
    assertThat(after.length() - before.length())
        .as("growth of /metrics in bytes")
        .isLessThan(8 * 1024);
  }

  /** The resident set of a process, from /proc (VmRSS). */
  private static long residentKib(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
        .findFirst()
        .orElse(-1L);
  }

  private static String scrape(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      return metrics.body();
    }
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

  /** The lines {@code up} prints on stdout until {@code count} lines contain {@code marker}. */
  static List<String> linesUntil(Process up, String marker, int count) throws Exception {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                up.getErrorStream().transferTo(System.err);
              } catch (IOException ignored) {
                // the process ended
              }
            });
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                  lines.add(l);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
    List<String> out = new ArrayList<>();
    Instant deadline = Instant.now().plus(START);
    int seen = 0;
    while (seen < count && Instant.now().isBefore(deadline)) {
      String l = lines.poll(1, TimeUnit.SECONDS);
      if (l != null) {
        System.out.println("up: " + l);
        out.add(l);
        if (l.contains(marker)) {
          seen++;
        }
      } else if (!up.isAlive()) {
        break;
      }
    }
    assertThat(seen).as("lines with %s in %s", marker, out).isEqualTo(count);
    return out;
  }
}
